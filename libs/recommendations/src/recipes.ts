import { anyOf, one, STAPLES, type Recipe } from './shopping-habits';

/**
 * Meals and routine restocks: products bought together. Ingredient chances are per shopping
 * of the recipe; lines marked as meat are left out (or replaced) by vegetarian households.
 */
export const RECIPES: readonly Recipe[] = [
  {
    name: 'pasta night',
    ingredients: [
      anyOf(['Spaghetti', 'Penne']),
      one('Pasta Sauce'),
      one('Parmesan Grated', 0.8),
      one('Beef Mince', 0.9, true),
      one('Brown Onions', 0.5),
      one('Garlic', 0.5),
      one('Garlic Bread', 0.35),
      one('Diced Tomatoes', 0.3),
    ],
    vegetarian: [one('Mushrooms Cup', 0.8), one('Baby Spinach', 0.5)],
  },
  {
    name: 'taco night',
    ingredients: [
      one('Wraps'),
      one('Beef Mince', 0.9, true),
      anyOf(['Tasty Cheese Block', 'Mozzarella Shredded'], 0.9),
      one('Iceberg Lettuce', 0.7),
      one('Truss Tomatoes', 0.6),
      one('Sour Cream', 0.7),
      one('Hass Avocado', 0.6),
      one('Corn Chips', 0.5),
      one('Limes', 0.3),
    ],
    vegetarian: [one('Chickpeas', 0.7), one('Sweet Corn', 0.5)],
  },
  {
    name: 'cooked breakfast',
    ingredients: [
      anyOf(['Sourdough Loaf', 'Multigrain Bread', 'English Muffins']),
      one('Free Range Eggs'),
      one('Salted Butter', 0.5),
      one('Mushrooms Cup', 0.4),
      one('Baby Spinach', 0.3),
      one('Orange Juice', 0.4),
      one('Hash Browns', 0.3),
    ],
  },
  {
    name: 'stir fry',
    ingredients: [
      one('Jasmine Rice', 0.7),
      one('Chicken Breast Fillets', 0.9, true),
      one('Bok Choy', 0.8),
      one('Soy Sauce', 0.7),
      one('Ginger', 0.5),
      one('Garlic', 0.5),
      one('Red Capsicum', 0.5),
      one('Broccoli', 0.4),
      one('Instant Noodles', 0.2),
    ],
    vegetarian: [one('Mushrooms Cup', 0.7), one('Broccoli', 0.6)],
  },
  {
    name: 'curry night',
    ingredients: [
      one('Basmati Rice', 0.8),
      one('Chicken Thigh Fillets', 0.9, true),
      one('Coconut Milk', 0.9),
      one('Curry Paste'),
      one('Brown Onions', 0.5),
      one('Natural Yoghurt', 0.4),
      one('Pita Bread', 0.3),
    ],
    vegetarian: [one('Chickpeas', 0.9), one('Sweet Potato', 0.6), one('Baby Spinach', 0.5)],
    season: 'winter',
  },
  {
    name: 'roast dinner',
    ingredients: [
      anyOf(['Lamb Leg Roast', 'Whole Chicken', 'Pork Belly'], 1, true),
      one('Brushed Potatoes', 0.9),
      one('Carrots', 0.7),
      one('Pumpkin Butternut', 0.6),
      one('Frozen Peas', 0.5),
      one('Garlic', 0.3),
    ],
    season: 'winter',
  },
  {
    name: 'soup',
    ingredients: [
      one('Chicken Stock'),
      one('Carrots', 0.7),
      one('Brown Onions', 0.6),
      one('Pumpkin Butternut', 0.6),
      one('Sourdough Loaf', 0.5),
      one('Thickened Cream', 0.3),
      one('Sweet Potato', 0.3),
    ],
    season: 'winter',
  },
  {
    name: 'barbecue',
    ingredients: [
      anyOf(['Beef Sausages', 'Pork Sausages'], 1, true),
      one('Bread Rolls', 0.8),
      one('Brown Onions', 0.5),
      one('Coleslaw', 0.5),
      one('Potato Salad', 0.5),
      anyOf(['Cola Cans', 'Ginger Beer', 'Lemonade'], 0.6),
      one('Porterhouse Steak', 0.3, true),
      one('Sweet Corn', 0.3),
    ],
    vegetarian: [one('Sweet Corn', 0.7), one('Zucchini', 0.5)],
    season: 'summer',
  },
  {
    name: 'summer salad',
    ingredients: [
      one('Iceberg Lettuce', 0.8),
      one('Cherry Tomatoes', 0.9),
      one('Continental Cucumber', 0.8),
      one('Feta', 0.7),
      one('Extra Virgin Olive Oil', 0.3),
      one('Red Capsicum', 0.4),
      one('Marinated Olives', 0.3),
      one('Hass Avocado', 0.4),
    ],
    season: 'summer',
  },
  {
    name: 'fish night',
    ingredients: [
      anyOf(['Atlantic Salmon Fillets', 'Barramundi Fillets'], 1, true),
      one('Lemons', 0.8),
      one('Broccoli', 0.6),
      anyOf(['Brushed Potatoes', 'Oven Chips'], 0.6),
      one('Baby Spinach', 0.3),
    ],
  },
  {
    name: 'movie night',
    ingredients: [
      anyOf(['Salted Potato Chips', 'Salt & Vinegar Chips']),
      one('French Onion Dip', 0.6),
      anyOf(['Cola', 'Lemonade'], 0.7),
      one('Milk Chocolate Block', 0.5),
      one('Popcorn', 0.5),
      one('Snakes Lollies', 0.3),
      one('Supreme Pizza', 0.3),
    ],
  },
  {
    name: 'baking',
    ingredients: [
      one('Plain Flour'),
      one('White Sugar', 0.8),
      one('Free Range Eggs', 0.7),
      one('Salted Butter', 0.7),
      one('Full Cream Milk', 0.4),
      one('Blueberries', 0.3),
      one('Custard', 0.2),
    ],
    season: 'winter',
  },
  {
    name: 'school lunches',
    ingredients: [
      anyOf(['Multigrain Bread', 'Wraps']),
      anyOf(['Leg Ham', 'Shaved Chicken'], 0.8, true),
      one('Cheddar Slices', 0.7),
      one('Muesli Bars', 0.8),
      one('Apple Juice', 0.5),
      one('Rice Crackers', 0.5),
      one('Mandarins', 0.5),
      one('Vanilla Yoghurt', 0.4),
    ],
    vegetarian: [one('Hummus', 0.6)],
    requires: 'kids',
  },
  {
    name: 'cheese board',
    ingredients: [
      one('Brie', 0.8),
      one('Camembert', 0.5),
      one('Prosciutto', 0.6, true),
      one('Marinated Olives', 0.7),
      one('Antipasto Mix', 0.5),
      one('Rice Crackers', 0.7),
      one('Seedless Grapes', 0.6),
    ],
  },
  {
    name: 'pizza night',
    ingredients: [
      anyOf(['Margherita Pizza', 'Supreme Pizza']),
      one('Garlic Bread', 0.6),
      one('Cola', 0.5),
      one('Vanilla Ice Cream', 0.3),
    ],
  },
  {
    name: 'summer treats',
    ingredients: [
      anyOf(['Vanilla Ice Cream', 'Chocolate Ice Cream']),
      one('Frozen Berries', 0.4),
      one('Watermelon Quarter', 0.6),
      one('Mango', 0.6),
      one('Sparkling Water', 0.4),
      one('Lemonade', 0.4),
    ],
    season: 'summer',
  },
  {
    name: 'dumpling night',
    ingredients: [
      one('Dumplings'),
      one('Spring Rolls', 0.7),
      one('Soy Sauce', 0.6),
      one('Bok Choy', 0.5),
      one('Jasmine Rice', 0.4),
      one('Iced Tea', 0.3),
    ],
  },
  {
    name: 'baby restock',
    ingredients: [
      anyOf(['Nappies Newborn', 'Nappies Crawler', 'Nappy Pants Walker']),
      one('Baby Wipes', 0.9),
      one('Apple Puree Pouch', 0.6),
      one('Rice Cereal', 0.3),
      one('Infant Formula Stage 1', 0.4),
      one('Teething Rusks', 0.3),
      one('Nappy Rash Cream', 0.2),
      one('Baby Wash', 0.2),
    ],
    requires: 'baby',
    everyDays: [6, 12],
  },
  {
    name: 'dog restock',
    ingredients: [one('Dry Dog Food'), one('Wet Dog Food', 0.7), one('Dog Treats', 0.6), one('Dental Chews', 0.4)],
    requires: 'dog',
    everyDays: [14, 28],
  },
  {
    name: 'cat restock',
    ingredients: [one('Dry Cat Food', 0.9), one('Wet Cat Food', 0.8), one('Cat Litter', 0.7), one('Cat Treats', 0.5)],
    requires: 'cat',
    everyDays: [12, 24],
  },
  {
    name: 'cleaning restock',
    ingredients: [
      one('Dishwashing Liquid', 0.6),
      one('Bin Liners', 0.6),
      one('Multipurpose Spray', 0.5),
      one('Sponges', 0.5),
      one('Dishwasher Tablets', 0.5),
      anyOf(['Laundry Liquid', 'Laundry Powder'], 0.6),
      one('Paper Towel', 0.5),
    ],
    everyDays: [21, 42],
  },
  {
    name: 'bathroom restock',
    ingredients: [
      one('Toothpaste', 0.7),
      one('Shampoo', 0.6),
      one('Conditioner', 0.5),
      one('Body Wash', 0.6),
      one('Deodorant', 0.5),
      one('Toilet Paper', 0.7),
    ],
    everyDays: [21, 45],
  },
];

/** Every line the recipes and staples name; longest first, which is the order lines are matched in. */
export function habitLines(): string[] {
  const lines = new Set<string>();
  for (const recipe of RECIPES)
    for (const part of [...recipe.ingredients, ...(recipe.vegetarian ?? [])]) part.lines.forEach((l) => lines.add(l));
  for (const staple of STAPLES) staple.lines.forEach((l) => lines.add(l));
  return [...lines].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}
