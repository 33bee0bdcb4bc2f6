import { Link } from '../../shared/router/Link';
import { usePageTitle } from '../../shared/ui/use-async';
import { ProductListing } from '../components/ProductListing';
import { paths } from '../paths';

/** Results for the header's search box, updated as the customer types. */
export function SearchPage({ query }: { readonly query: string }) {
  const text = query.trim();
  usePageTitle(text ? `Search: ${text}` : 'Search');
  if (!text) {
    return (
      <>
        <h1>Search</h1>
        <p class="lead">Type in the search box above to find products by name or brand.</p>
      </>
    );
  }
  return (
    <>
      <h1>Results for “{text}”</h1>
      <ProductListing
        query={{ q: text }}
        label={`Products matching ${text}`}
        summary={(shown, more) => (more ? `Showing the first ${shown} products` : `${shown} ${shown === 1 ? 'product' : 'products'} found`)}
        empty={
          <>
            <p>
              <strong>No products match “{text}”.</strong>
            </p>
            <p>
              Check the spelling, try a shorter word, or <Link href={paths.home}>browse the aisles</Link>.
            </p>
          </>
        }
      />
    </>
  );
}
