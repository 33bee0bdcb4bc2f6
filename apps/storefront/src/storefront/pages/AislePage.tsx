import { api } from '../../shared/api/client';
import { Link } from '../../shared/router/Link';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { ProductListing } from '../components/ProductListing';
import { paths } from '../paths';

/** One aisle's products, in name order, page by page. */
export function AislePage({ aisleId }: { readonly aisleId: string }) {
  const aisles = useAsync(() => api.categories(), []);
  const aisle = aisles.status === 'ready' ? aisles.value.find((candidate) => candidate.id === aisleId) : undefined;
  const name = aisle?.name ?? (aisles.status === 'loading' ? 'Aisle' : aisleId);
  usePageTitle(name);
  if (aisles.status === 'ready' && !aisle) {
    return (
      <div class="empty-state card">
        <h1>There is no such aisle</h1>
        <p>
          <Link href={paths.home}>See all aisles</Link>
        </p>
      </div>
    );
  }
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href={paths.home}>Home</Link>
          </li>
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <h1>{name}</h1>
      <ProductListing
        query={{ category: aisleId }}
        label={`Products in ${name}`}
        empty={<p>This aisle is empty right now.</p>}
      />
    </>
  );
}
