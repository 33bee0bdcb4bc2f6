import { api } from '../../shared/api/client';
import { useSession } from '../../shared/stores/session';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonGrid } from '../../shared/ui/Skeleton';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { AisleCard } from '../components/AisleCard';
import { ProductGrid } from '../components/ProductGrid';
import { RecommendationRow } from '../components/RecommendationRow';

const FEATURED = 12;

/** The front door: the aisles, a few products to start with, and (signed in) what to buy again. */
export function HomePage() {
  usePageTitle(undefined);
  const signedIn = useSession();
  const aisles = useAsync(() => api.categories(), []);
  const featured = useAsync(
    (signal) => api.products({ limit: FEATURED * 2 }, signal).then((page) => page.items.filter((product) => product.stock > 0).slice(0, FEATURED)),
    [],
  );
  return (
    <>
      <section class="hero">
        <h1>Fresh groceries, delivered when it suits you</h1>
        <p>Fill your basket, choose a delivery slot, and tell us what to swap if something is out.</p>
      </section>

      <section class="section" aria-labelledby="aisles-heading">
        <h2 id="aisles-heading">Shop by aisle</h2>
        {aisles.status === 'loading' && <SkeletonGrid count={6} label="Loading aisles" />}
        {aisles.status === 'error' && <ErrorMessage error={aisles.error} retry={aisles.reload} />}
        {aisles.status === 'ready' && (
          <ul class="aisle-grid">
            {aisles.value.map((aisle) => (
              <li key={aisle.id}>
                <AisleCard aisle={aisle} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {signedIn && (
        <RecommendationRow title="Buy it again" load={() => api.recommendationsForMe([], 8)} deps={[signedIn.sub]} />
      )}

      <section class="section" aria-labelledby="featured-heading">
        <h2 id="featured-heading">Featured this week</h2>
        {featured.status === 'loading' && <SkeletonGrid count={FEATURED} label="Loading featured products" />}
        {featured.status === 'error' && <ErrorMessage error={featured.error} retry={featured.reload} />}
        {featured.status === 'ready' && <ProductGrid products={featured.value} headingLevel={3} label="Featured products" />}
      </section>
    </>
  );
}
