import type { Plugin } from 'vite';
import { CATEGORIES, type CategoryId } from '../../../libs/catalog/src/categories';
import { demoImages } from '../../../libs/catalog/src/demo-images';

/**
 * Light SVG pictures for the demo catalog, drawn at build time so no binary image sits in git.
 * Each aisle has a colour; each kind of product (carton, bottle, bag, fruit…) a simple shape; the
 * line's name is written under it. One picture per product line, one per aisle (the fallback for
 * products without a picture of their own).
 */

interface Palette {
  /** Background tint. */
  readonly bg: string;
  /** Main colour of the drawn shape. */
  readonly main: string;
  /** Dark accent, also the colour of the text (contrast ≥ 4.5 on the tint). */
  readonly dark: string;
}

export const AISLE_PALETTES: Readonly<Record<CategoryId, Palette>> = {
  'fruit-veg': { bg: '#eaf6ea', main: '#43a047', dark: '#1b5e20' },
  'dairy-eggs': { bg: '#e6f1fc', main: '#4f9fe8', dark: '#0d47a1' },
  bakery: { bg: '#fdf1e2', main: '#d08b3e', dark: '#6d3d0c' },
  'meat-seafood': { bg: '#fcecea', main: '#e0625f', dark: '#8e1c1c' },
  deli: { bg: '#f6f3e0', main: '#b59a2b', dark: '#5b4a06' },
  pantry: { bg: '#fff6de', main: '#f0a534', dark: '#7a4500' },
  frozen: { bg: '#e2f6f9', main: '#3fc1d3', dark: '#00585c' },
  drinks: { bg: '#f4e8f6', main: '#a54bb8', dark: '#4a148c' },
  snacks: { bg: '#fdecf3', main: '#ec5f8f', dark: '#880e4f' },
  household: { bg: '#e2f3f1', main: '#26a69a', dark: '#004d40' },
  baby: { bg: '#efeaf8', main: '#9575cd', dark: '#311b92' },
  'personal-care': { bg: '#e9ebf7', main: '#5c6bc0', dark: '#1a237e' },
  pet: { bg: '#f1ece9', main: '#a1887f', dark: '#3e2723' },
};

type Kind =
  | 'carton' | 'bottle' | 'can' | 'jar' | 'bag' | 'box' | 'loaf' | 'eggs' | 'cheese' | 'tray' | 'fish'
  | 'fruit' | 'banana' | 'berries' | 'leafy' | 'carrot' | 'roll' | 'tube' | 'spray' | 'pizza' | 'bar'
  | 'paw' | 'snowflake';

/**
 * First match wins, so specific words come before general ones ("Coconut Milk" is a can, not a
 * carton). Words match at the start of a word: "oil" is not in "Toilet Paper".
 */
const words = (...list: string[]) => new RegExp(`\\b(?:${list.join('|')})`);
const KIND_RULES: readonly (readonly [RegExp, Kind])[] = [
  [words('nugget', 'fingers', 'hash brown', 'oven chips', 'lasagne', 'dumpling', 'spring roll', 'pies'), 'box'],
  [words('banana bread', 'bread', 'loaf', 'rolls', 'buns', 'crumpet', 'muffin', 'croissant', 'bagel', 'brioche', 'wraps', 'pita'), 'loaf'],
  [words('toothpaste', 'rash cream'), 'tube'],
  [words('ice cream'), 'jar'],
  [words('chocolate'), 'bar'],
  [words('coconut milk', 'tuna in', 'baked beans', 'diced tomatoes', 'chickpeas', 'formula', 'toddler milk', 'wet dog', 'wet cat', 'cans'), 'can'],
  [words('pizza'), 'pizza'],
  [words('eggs'), 'eggs'],
  [words('cheese', 'brie', 'camembert', 'feta', 'parmesan', 'mozzarella', 'cheddar'), 'cheese'],
  [words('milk', 'juice', 'custard', 'stock', 'cream'), 'carton'],
  [words('yoghurt', 'hummus', 'tzatziki', 'dip', 'jam', 'honey', 'peanut butter', 'vegemite', 'olives', 'salad', 'coleslaw', 'butter', 'curry paste', 'puree', 'antipasto'), 'jar'],
  [words('spray', 'deodorant', 'glass cleaner'), 'spray'],
  [words('water', 'cola', 'lemonade', 'iced tea', 'energy drink', 'sports drink', 'ginger beer', 'extra virgin', 'canola oil', 'pasta sauce', 'soy sauce', 'shampoo', 'conditioner', 'body wash', 'baby wash', 'laundry liquid', 'dishwashing', 'bleach', 'mouthwash', 'hand sanitiser', 'moisturiser', 'sunscreen', 'cordial'), 'bottle'],
  [words('salmon', 'barramundi', 'tuna', 'prawns', 'calamari'), 'fish'],
  [words('beef', 'steak', 'porterhouse', 'scotch fillet', 'chicken', 'lamb', 'pork', 'sausages', 'mince', 'leg ham', 'salami', 'prosciutto', 'kabana', 'jerky', 'shaved'), 'tray'],
  [words('toilet paper', 'paper towel', 'cling', 'aluminium foil'), 'roll'],
  [words('treats', 'dental chews'), 'paw'],
  [words('frozen berries', 'frozen peas', 'mixed vegetables'), 'bag'],
  [words('dishwasher tablets', 'tea bags', 'corn flakes', 'tissues', 'batteries', 'sponges', 'toothbrush', 'bar soap', 'multivitamin', 'paracetamol', 'cotton buds', 'rusks', 'tim tam', 'shortbread', 'rice cereal', 'muesli bars'), 'box'],
  [words('chips', 'lollies', 'snakes', 'jelly beans', 'popcorn', 'nuts', 'crackers', 'pretzels', 'flour', 'sugar', 'rice', 'oats', 'muesli', 'coffee', 'spaghetti', 'penne', 'noodles', 'food', 'litter', 'wipes', 'nappies', 'nappy', 'powder', 'liners', 'salt'), 'bag'],
];

const FRUIT_VEG_RULES: readonly (readonly [RegExp, Kind])[] = [
  [/banana/, 'banana'],
  [/berries|grapes|lychees/, 'berries'],
  [/lettuce|spinach|bok choy|broccoli|cauliflower/, 'leafy'],
  [/carrot/, 'carrot'],
];

/** Colours of fruit and vegetables, so apples are red and lemons yellow. */
const PRODUCE_COLOURS: readonly (readonly [RegExp, string])[] = [
  [/pink lady/, '#e84a7f'],
  [/apple|strawberr|tomato|capsicum|watermelon|lychee/, '#e53935'],
  [/orange|mandarin|papaya|pumpkin|sweet potato|carrot/, '#f57c00'],
  [/avocado|broccoli/, '#2e7d32'],
  [/mango|pineapple/, '#ffb300'],
  [/lemon|corn|banana/, '#fdd835'],
  [/lime|kiwi|cucumber|zucchini|lettuce|spinach|bok choy/, '#7cb342'],
  [/blueberr/, '#3949ab'],
  [/grape/, '#8e24aa'],
  [/onion|ginger|potato/, '#c49a5a'],
  [/garlic|mushroom|cauliflower/, '#efe6d8'],
];

/** What to draw for a product line of an aisle. */
export function kindOf(category: CategoryId, title: string): Kind {
  const name = title.toLowerCase();
  const rules = category === 'fruit-veg' ? FRUIT_VEG_RULES : KIND_RULES;
  const match = rules.find(([pattern]) => pattern.test(name));
  if (match) return match[1];
  return category === 'fruit-veg' ? 'fruit' : category === 'pet' ? 'bag' : 'box';
}

function produceColour(title: string, fallback: string): string {
  const name = title.toLowerCase();
  return PRODUCE_COLOURS.find(([pattern]) => pattern.test(name))?.[1] ?? fallback;
}

const LABEL = 'fill="#fff" opacity=".85"';

/** Each shape is drawn in a 120×120 box; `c` is the fill, `d` the dark accent. */
function shape(kind: Kind, c: string, d: string): string {
  switch (kind) {
    case 'carton':
      return `<path d="M30 40 60 20l30 20v72H30z" fill="${c}"/><path d="M30 40 60 20l30 20z" fill="${d}" opacity=".3"/><rect x="52" y="8" width="16" height="14" rx="2" fill="${d}"/><rect x="40" y="58" width="40" height="30" rx="4" ${LABEL}/>`;
    case 'bottle':
      return `<path d="M50 8h20v18c0 6 16 10 16 26v56a6 6 0 0 1-6 6H40a6 6 0 0 1-6-6V52c0-16 16-20 16-26z" fill="${c}"/><rect x="47" y="2" width="26" height="10" rx="3" fill="${d}"/><rect x="34" y="60" width="52" height="30" ${LABEL}/>`;
    case 'can':
      return `<rect x="28" y="20" width="64" height="92" rx="8" fill="${c}"/><ellipse cx="60" cy="22" rx="32" ry="7" fill="${d}" opacity=".45"/><rect x="28" y="50" width="64" height="32" ${LABEL}/>`;
    case 'jar':
      return `<rect x="26" y="36" width="68" height="76" rx="14" fill="${c}"/><rect x="22" y="20" width="76" height="20" rx="5" fill="${d}"/><rect x="36" y="58" width="48" height="32" rx="4" ${LABEL}/>`;
    case 'bag':
      return `<path d="M28 16h64l-4 14 6 82H26l6-82z" fill="${c}"/><path d="M28 16h64v10H28z" fill="${d}"/><circle cx="60" cy="70" r="20" ${LABEL}/>`;
    case 'box':
      return `<rect x="30" y="8" width="60" height="104" rx="4" fill="${c}"/><rect x="30" y="8" width="60" height="12" fill="${d}" opacity=".45"/><rect x="30" y="46" width="60" height="36" ${LABEL}/>`;
    case 'loaf':
      return `<path d="M14 62c0-22 20-36 46-36s46 14 46 36c0 6-4 10-8 10v34a6 6 0 0 1-6 6H28a6 6 0 0 1-6-6V72c-4 0-8-4-8-10z" fill="${c}"/><path d="M40 48l8 12m10-16 8 12m10-8 8 12" stroke="${d}" stroke-width="5" stroke-linecap="round" opacity=".6"/>`;
    case 'eggs':
      return `<path d="M6 78h108l-8 32H14z" fill="${c}"/><g fill="#fffaf0" stroke="${d}" stroke-width="2"><ellipse cx="32" cy="62" rx="16" ry="21"/><ellipse cx="88" cy="62" rx="16" ry="21"/><ellipse cx="60" cy="56" rx="16" ry="21" fill="#f3dfc1"/></g>`;
    case 'cheese':
      return `<path d="M8 88 86 32l26 20v50H8z" fill="#f7c948"/><path d="M8 88 86 32l26 20z" fill="#fbe08a"/><g fill="#d9a521"><circle cx="40" cy="96" r="6"/><circle cx="76" cy="86" r="8"/><circle cx="98" cy="98" r="5"/></g>`;
    case 'tray':
      return `<rect x="6" y="38" width="108" height="66" rx="14" fill="#fff" stroke="${d}" stroke-width="3"/><path d="M28 58c12-14 46-16 60 0 10 12 0 32-22 32H42c-16 0-24-18-14-32z" fill="${c}"/><circle cx="50" cy="66" r="7" fill="#fff" opacity=".7"/>`;
    case 'fish':
      return `<path d="M10 62c18-28 58-32 80-8l22-16v48l-22-16c-22 24-62 20-80-8z" fill="${c}"/><circle cx="32" cy="58" r="5" fill="#fff"/><path d="M54 48c6 8 6 20 0 28" stroke="#fff" stroke-width="3" fill="none" opacity=".7"/>`;
    case 'fruit':
      return `<circle cx="60" cy="70" r="42" fill="${c}" stroke="${d}" stroke-width="2" stroke-opacity=".25"/><path d="M60 28c0-10 4-16 10-20" stroke="#6d4c41" stroke-width="5" fill="none" stroke-linecap="round"/><path d="M66 24c10-12 26-12 30-6-8 10-22 12-30 6z" fill="#43a047"/><circle cx="44" cy="56" r="9" fill="#fff" opacity=".35"/>`;
    case 'banana':
      return `<path d="M14 36c10 48 56 70 94 48 4-3 2-9-3-8-34 10-62-6-76-42-3-6-16-5-15 2z" fill="#fdd835" stroke="#b58800" stroke-width="3"/><path d="M14 36l-4-8" stroke="#6d4c41" stroke-width="5" stroke-linecap="round"/>`;
    case 'berries':
      return `<g fill="${c}" stroke="#fff" stroke-width="2"><circle cx="40" cy="56" r="17"/><circle cx="74" cy="52" r="17"/><circle cx="58" cy="80" r="17"/><circle cx="26" cy="86" r="15"/><circle cx="90" cy="84" r="15"/></g><path d="M58 36c2-10 8-18 18-20" stroke="#43a047" stroke-width="5" fill="none" stroke-linecap="round"/>`;
    case 'leafy':
      return `<path d="M60 112c-30 0-48-22-44-46 2-14 14-22 22-22 4-14 18-22 30-18 14-6 30 4 32 18 12 4 18 16 16 28-2 22-24 40-56 40z" fill="${c}" stroke="${d}" stroke-width="2" stroke-opacity=".3"/><path d="M60 110V52m0 26-16-14m16 6 18-16" stroke="#fff" stroke-width="4" opacity=".6" fill="none"/>`;
    case 'carrot':
      return `<path d="M38 34h44l-18 80c-1 5-7 5-8 0z" fill="${c}"/><path d="M48 34c-6-12-2-22 8-26 0 10 2 16 2 26m4 0c4-12 14-18 22-16-4 8-10 14-18 16" fill="#43a047"/><path d="M46 54h14m-10 18h12" stroke="#fff" stroke-width="3" opacity=".5"/>`;
    case 'roll':
      return `<rect x="24" y="30" width="72" height="78" rx="6" fill="#fff" stroke="${d}" stroke-width="3"/><ellipse cx="60" cy="30" rx="36" ry="11" fill="${c}" stroke="${d}" stroke-width="3"/><ellipse cx="60" cy="30" rx="11" ry="4" fill="${d}"/>`;
    case 'tube':
      return `<path d="M36 10h48l-6 92H42z" fill="${c}"/><rect x="46" y="100" width="28" height="14" rx="3" fill="${d}"/><rect x="40" y="40" width="40" height="26" ${LABEL}/>`;
    case 'spray':
      return `<path d="M40 44h40v62a6 6 0 0 1-6 6H46a6 6 0 0 1-6-6z" fill="${c}"/><path d="M48 20h30l8 8H64v16H52V28z" fill="${d}"/><rect x="40" y="64" width="40" height="26" ${LABEL}/>`;
    case 'pizza':
      return `<circle cx="60" cy="64" r="48" fill="#e9b65c"/><circle cx="60" cy="64" r="40" fill="#e35b3a"/><g fill="#8e1c1c"><circle cx="44" cy="50" r="7"/><circle cx="74" cy="46" r="7"/><circle cx="66" cy="78" r="7"/><circle cx="42" cy="80" r="6"/></g>`;
    case 'bar':
      return `<rect x="22" y="20" width="76" height="90" rx="6" fill="#6d4c41"/><path d="M22 50h76M22 80h76M48 20v90M72 20v90" stroke="#4e342e" stroke-width="3"/><path d="M22 60h76v44a6 6 0 0 1-6 6H28a6 6 0 0 1-6-6z" fill="${c}"/>`;
    case 'paw':
      return `<g fill="${c}"><ellipse cx="60" cy="82" rx="26" ry="22"/><ellipse cx="30" cy="56" rx="10" ry="13"/><ellipse cx="48" cy="36" rx="10" ry="13"/><ellipse cx="72" cy="36" rx="10" ry="13"/><ellipse cx="90" cy="56" rx="10" ry="13"/></g>`;
    case 'snowflake':
      return `<g stroke="${c}" stroke-width="7" stroke-linecap="round" fill="none"><path d="M60 14v92M20 37l80 46M20 83l80-46"/><path d="M48 20l12 10 12-10M48 100l12-10 12 10"/></g>`;
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Breaks a name into at most two lines of about `width` characters. */
export function wrapTitle(title: string, width = 18): string[] {
  const words = title.split(/\s+/);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && `${current} ${word}`.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines.length <= 2 ? lines : [lines[0]!, lines.slice(1).join(' ')];
}

function picture(palette: Palette, drawn: string, title: string): string {
  const lines = wrapTitle(title);
  const size = lines.some((text) => text.length > 20) ? 18 : 21;
  const firstY = lines.length === 1 ? 206 : 196;
  const text = lines
    .map((content, index) => `<tspan x="160" y="${firstY + index * 24}">${escapeXml(content)}</tspan>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240">` +
    `<rect width="320" height="240" fill="${palette.bg}"/>` +
    `<circle cx="160" cy="94" r="78" fill="#fff" opacity=".55"/>` +
    `<g transform="translate(100 32)">${drawn}</g>` +
    `<text font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" font-size="${size}" font-weight="600" text-anchor="middle" fill="${palette.dark}">${text}</text>` +
    `</svg>`
  );
}

/** The picture of one demo product line. */
export function productImageSvg(category: CategoryId, title: string): string {
  const palette = AISLE_PALETTES[category];
  const kind = kindOf(category, title);
  const fill = category === 'fruit-veg' ? produceColour(title, palette.main) : palette.main;
  return picture(palette, shape(kind, fill, palette.dark), title);
}

const AISLE_KINDS: Readonly<Record<CategoryId, Kind>> = {
  'fruit-veg': 'fruit',
  'dairy-eggs': 'carton',
  bakery: 'loaf',
  'meat-seafood': 'tray',
  deli: 'cheese',
  pantry: 'jar',
  frozen: 'snowflake',
  drinks: 'bottle',
  snacks: 'bag',
  household: 'spray',
  baby: 'bottle',
  'personal-care': 'tube',
  pet: 'paw',
};

/**
 * The picture of an aisle: its card on the home page, and the fallback of its products. No text:
 * the card and the product page say the name beside it.
 */
export function aisleImageSvg(category: CategoryId): string {
  const palette = AISLE_PALETTES[category];
  const fill = category === 'fruit-veg' ? '#e53935' : palette.main;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240">` +
    `<rect width="320" height="240" fill="${palette.bg}"/>` +
    `<circle cx="160" cy="120" r="96" fill="#fff" opacity=".55"/>` +
    `<g transform="translate(76 36) scale(1.4)">${shape(AISLE_KINDS[category], fill, palette.dark)}</g>` +
    `</svg>`
  );
}

/** Every picture the storefront ships: path under the build root (no leading slash) → SVG text. */
export function storefrontImages(): Map<string, string> {
  const files = new Map<string, string>();
  for (const image of demoImages()) {
    files.set(image.path.replace(/^\//, ''), productImageSvg(image.category, image.title));
  }
  for (const { id } of CATEGORIES) files.set(`images/aisles/${id}.svg`, aisleImageSvg(id));
  return files;
}

/** Vite plugin: emits every picture into the build (and into each rebuild in watch mode). */
export function productImages(): Plugin {
  return {
    name: 'gomart-product-images',
    apply: 'build',
    generateBundle() {
      for (const [fileName, source] of storefrontImages()) {
        this.emitFile({ type: 'asset', fileName, source });
      }
    },
  };
}
