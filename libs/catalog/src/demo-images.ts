import { CATEGORIES, type CategoryId } from './categories';
import { AISLES } from './demo-range';

/** The image of a demo product: one light SVG per product line (all sizes and brands share it). */
export function demoImagePath(category: CategoryId, lineName: string): string {
  return `/images/products/${category}/${slug(lineName)}.svg`;
}

/** Every demo image the storefront build must provide: its path, aisle and the line it shows. */
export function demoImages(): { readonly path: string; readonly category: CategoryId; readonly title: string }[] {
  return CATEGORIES.flatMap(({ id }) =>
    AISLES[id].lines.map((item) => ({ path: demoImagePath(id, item.name), category: id, title: item.name })),
  );
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
