import type { Category } from '../../shared/api/types';
import { Link } from '../../shared/router/Link';
import { aisleImageUrl } from '../../shared/ui/ProductImage';
import { paths } from '../paths';

export function AisleCard({ aisle }: { readonly aisle: Category }) {
  return (
    <Link class="aisle-card" href={paths.aisle(aisle.id)}>
      <img class="product-image" src={aisleImageUrl(aisle.id)} alt="" width={320} height={240} decoding="async" />
      <span>{aisle.name}</span>
    </Link>
  );
}
