/** The shop's aisles. A product belongs to exactly one; ids appear in URLs and are stable. */
export const CATEGORIES = [
  { id: 'fruit-veg', name: 'Fruit & Veg', skuCode: 'FV' },
  { id: 'dairy-eggs', name: 'Dairy & Eggs', skuCode: 'DE' },
  { id: 'bakery', name: 'Bakery', skuCode: 'BK' },
  { id: 'meat-seafood', name: 'Meat & Seafood', skuCode: 'MS' },
  { id: 'deli', name: 'Deli', skuCode: 'DL' },
  { id: 'pantry', name: 'Pantry', skuCode: 'PT' },
  { id: 'frozen', name: 'Frozen', skuCode: 'FZ' },
  { id: 'drinks', name: 'Drinks', skuCode: 'DR' },
  { id: 'snacks', name: 'Snacks & Confectionery', skuCode: 'SN' },
  { id: 'household', name: 'Household', skuCode: 'HH' },
  { id: 'baby', name: 'Baby', skuCode: 'BB' },
  { id: 'personal-care', name: 'Health & Personal Care', skuCode: 'PC' },
  { id: 'pet', name: 'Pet', skuCode: 'PE' },
] as const;

export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const CATEGORY_IDS: readonly CategoryId[] = CATEGORIES.map((category) => category.id);

export function isCategoryId(value: string): value is CategoryId {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}
