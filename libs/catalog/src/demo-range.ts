import type { CategoryId } from './categories';
import type { Unit } from './product';

/**
 * A deterministic demo range: the same `count` always gives the same products, so a demo,
 * a test and a benchmark see the same shop. Products are spread evenly over the aisles.
 */
export interface Line {
  readonly name: string;
  readonly unit: Unit;
  /** Price of the smallest size, in cents. */
  readonly price: number;
  readonly sizes: readonly string[];
}

export interface Aisle {
  readonly brands: readonly string[];
  readonly variants: readonly string[];
  readonly lines: readonly Line[];
}

const line = (name: string, unit: Unit, price: number, ...sizes: string[]): Line => ({
  name,
  unit,
  price,
  sizes: sizes.length ? sizes : [''],
});

/**
 * Loose produce and the meat and deli counters are sold by weight: their `kg` lines are priced
 * per kilogram, and a shopper orders whole units of about this many grams.
 */
export const AVERAGE_UNIT_GRAMS: Readonly<Record<string, number>> = {
  Bananas: 180, 'Royal Gala Apples': 200, 'Pink Lady Apples': 200, 'Navel Oranges': 250, Mandarins: 120,
  'Seedless Grapes': 500, Lychees: 250, Broccoli: 350, 'Truss Tomatoes': 150, 'Red Capsicum': 200, Zucchini: 220,
  'Sweet Potato': 400, Ginger: 100, 'Pumpkin Butternut': 1200, 'Porterhouse Steak': 300, 'Scotch Fillet': 300,
  'Chicken Breast Fillets': 500, 'Chicken Thigh Fillets': 500, 'Chicken Drumsticks': 1000, 'Lamb Cutlets': 400,
  'Lamb Leg Roast': 1800, 'Pork Belly': 800, 'Green Prawns': 250, 'Cooked Prawns': 250,
  'Leg Ham off the Bone': 200, 'Hot Salami Sliced': 150, 'Smoked Turkey Breast': 200,
};

export const AISLES: Record<CategoryId, Aisle> = {
  'fruit-veg': {
    brands: ['Go Mart', 'Farmers Market', 'Green Valley', 'Sunny Orchard'],
    variants: ['', 'Organic'],
    lines: [
      line('Bananas', 'kg', 390), line('Royal Gala Apples', 'kg', 550), line('Pink Lady Apples', 'kg', 690),
      line('Navel Oranges', 'kg', 450), line('Mandarins', 'kg', 590), line('Hass Avocado', 'each', 199),
      line('Mango', 'each', 249), line('Blueberries', 'pack', 499, '125g', '250g'), line('Strawberries', 'pack', 399, '250g', '500g'),
      line('Seedless Grapes', 'kg', 790), line('Lemons', 'each', 99), line('Limes', 'each', 79), line('Pineapple', 'each', 449),
      line('Watermelon Quarter', 'each', 399), line('Kiwifruit', 'each', 89), line('Papaya', 'each', 399), line('Lychees', 'kg', 1490),
      line('Broccoli', 'kg', 690), line('Carrots', 'pack', 199, '1kg', '2kg'), line('Brushed Potatoes', 'pack', 399, '2kg', '4kg'),
      line('Brown Onions', 'pack', 299, '1kg', '2kg'), line('Truss Tomatoes', 'kg', 790), line('Cherry Tomatoes', 'pack', 350, '250g', '500g'),
      line('Continental Cucumber', 'each', 199), line('Iceberg Lettuce', 'each', 299), line('Baby Spinach', 'pack', 300, '120g', '280g'),
      line('Red Capsicum', 'kg', 990), line('Zucchini', 'kg', 690), line('Sweet Potato', 'kg', 490), line('Bok Choy', 'each', 250),
      line('Garlic', 'pack', 150, '3 pack'), line('Ginger', 'kg', 2490), line('Mushrooms Cup', 'pack', 450, '200g', '500g'),
      line('Sweet Corn', 'each', 120), line('Pumpkin Butternut', 'kg', 349), line('Cauliflower', 'each', 499),
    ],
  },
  'dairy-eggs': {
    brands: ['Go Mart', 'Dairy Farmers', 'Pura', 'Bega', 'Chobani', 'Jalna', 'Sunny Hens', 'Mainland'],
    variants: ['', 'Lite', 'Organic'],
    lines: [
      line('Full Cream Milk', 'each', 175, '1L', '2L', '3L'), line('Skim Milk', 'each', 175, '1L', '2L'),
      line('Lactose Free Milk', 'each', 290, '1L', '2L'), line('Oat Milk', 'each', 350, '1L'), line('Almond Milk', 'each', 320, '1L'),
      line('Greek Yoghurt', 'each', 450, '500g', '1kg'), line('Vanilla Yoghurt', 'each', 420, '500g', '1kg'),
      line('Natural Yoghurt', 'each', 380, '500g', '1kg'), line('Tasty Cheese Block', 'each', 650, '250g', '500g', '1kg'),
      line('Cheddar Slices', 'pack', 450, '250g', '500g'), line('Mozzarella Shredded', 'pack', 550, '250g', '500g'),
      line('Parmesan Grated', 'pack', 600, '125g', '250g'), line('Feta', 'each', 550, '200g'), line('Cream Cheese', 'each', 350, '250g'),
      line('Salted Butter', 'each', 550, '250g', '500g'), line('Thickened Cream', 'each', 350, '300ml', '600ml'),
      line('Sour Cream', 'each', 300, '300ml'), line('Free Range Eggs', 'pack', 550, '6 pack', '12 pack'),
      line('Cage Free Eggs', 'pack', 450, '12 pack', '18 pack'), line('Custard', 'each', 350, '1L'),
    ],
  },
  bakery: {
    brands: ['Go Mart Bakehouse', 'Tip Top', 'Helga\'s', 'Abbott\'s Village', 'Bakers Delight'],
    variants: ['', 'Wholemeal', 'Gluten Free'],
    lines: [
      line('White Sandwich Bread', 'each', 300, '650g', '700g'), line('Multigrain Bread', 'each', 450, '750g'),
      line('Sourdough Loaf', 'each', 550, '650g'), line('Bread Rolls', 'pack', 350, '6 pack', '12 pack'),
      line('Crumpets', 'pack', 300, '6 pack'), line('English Muffins', 'pack', 350, '6 pack'), line('Croissants', 'pack', 450, '4 pack'),
      line('Bagels', 'pack', 450, '5 pack'), line('Wraps', 'pack', 350, '8 pack'), line('Pita Bread', 'pack', 300, '5 pack'),
      line('Hot Cross Buns', 'pack', 500, '6 pack'), line('Banana Bread', 'each', 600, '450g'), line('Brioche Buns', 'pack', 500, '4 pack'),
      line('Garlic Bread', 'each', 350, '450g'), line('Blueberry Muffins', 'pack', 550, '4 pack'),
    ],
  },
  'meat-seafood': {
    brands: ['Go Mart', 'Hunter Valley Beef', 'Lilydale', 'Ingham\'s', 'Tassal', 'Pacific Catch'],
    variants: ['', 'Free Range', 'Grass Fed'],
    lines: [
      line('Beef Mince', 'pack', 800, '500g', '1kg'), line('Porterhouse Steak', 'kg', 3999), line('Scotch Fillet', 'kg', 4599),
      line('Chicken Breast Fillets', 'kg', 1299), line('Chicken Thigh Fillets', 'kg', 1399), line('Whole Chicken', 'each', 1099),
      line('Chicken Drumsticks', 'kg', 650), line('Lamb Cutlets', 'kg', 4299), line('Lamb Leg Roast', 'kg', 1699),
      line('Pork Belly', 'kg', 1999), line('Pork Sausages', 'pack', 700, '500g', '1kg'), line('Beef Sausages', 'pack', 650, '500g', '1kg'),
      line('Atlantic Salmon Fillets', 'pack', 1200, '250g', '500g'), line('Barramundi Fillets', 'pack', 1300, '300g'),
      line('Green Prawns', 'kg', 2999), line('Cooked Prawns', 'kg', 3499), line('Smoked Salmon', 'pack', 800, '100g', '200g'),
      line('Tuna Steaks', 'pack', 1400, '300g'), line('Calamari Rings', 'pack', 900, '500g'),
    ],
  },
  deli: {
    brands: ['Go Mart Deli', 'Primo', 'Don', 'Castello', 'Black Swan'],
    variants: ['', 'Reduced Fat'],
    lines: [
      line('Leg Ham', 'pack', 550, '100g', '250g'), line('Hot Salami', 'pack', 500, '100g', '200g'),
      line('Shaved Chicken', 'pack', 500, '100g', '200g'), line('Prosciutto', 'pack', 700, '100g'), line('Kabana', 'pack', 450, '250g'),
      line('Hummus', 'each', 400, '200g'), line('Tzatziki', 'each', 400, '200g'), line('French Onion Dip', 'each', 350, '200g'),
      line('Brie', 'each', 600, '125g', '200g'), line('Camembert', 'each', 600, '125g'), line('Marinated Olives', 'each', 550, '250g'),
      line('Antipasto Mix', 'pack', 800, '300g'), line('Potato Salad', 'each', 450, '500g'), line('Coleslaw', 'each', 400, '500g'),
      line('Leg Ham off the Bone', 'kg', 2990), line('Hot Salami Sliced', 'kg', 3290), line('Smoked Turkey Breast', 'kg', 3490),
    ],
  },
  pantry: {
    brands: ['Go Mart', 'San Remo', 'Barilla', 'SunRice', 'Kellogg\'s', 'Uncle Tobys', 'Heinz', 'Leggo\'s', 'Masterfoods', 'Kikkoman', 'Ayam'],
    variants: ['', 'Organic', 'Family Size'],
    lines: [
      line('Spaghetti', 'pack', 200, '500g', '1kg'), line('Penne', 'pack', 200, '500g', '1kg'), line('Jasmine Rice', 'pack', 500, '1kg', '5kg'),
      line('Basmati Rice', 'pack', 550, '1kg', '5kg'), line('Rolled Oats', 'pack', 350, '750g', '1kg'), line('Corn Flakes', 'pack', 550, '500g'),
      line('Muesli', 'pack', 650, '750g'), line('Baked Beans', 'each', 200, '420g'), line('Diced Tomatoes', 'each', 150, '400g'),
      line('Pasta Sauce', 'each', 400, '500g'), line('Coconut Milk', 'each', 250, '400ml'), line('Soy Sauce', 'each', 450, '250ml', '1L'),
      line('Extra Virgin Olive Oil', 'each', 1100, '500ml', '1L'), line('Canola Oil', 'each', 600, '750ml', '2L'),
      line('Plain Flour', 'pack', 250, '1kg', '2kg'), line('White Sugar', 'pack', 250, '1kg', '2kg'), line('Honey', 'each', 700, '500g'),
      line('Peanut Butter', 'each', 450, '375g'), line('Strawberry Jam', 'each', 400, '500g'), line('Vegemite', 'each', 550, '220g', '380g'),
      line('Tuna in Springwater', 'each', 250, '95g', '185g'), line('Chickpeas', 'each', 150, '400g'), line('Instant Noodles', 'pack', 400, '5 pack'),
      line('Chicken Stock', 'each', 350, '1L'), line('Curry Paste', 'each', 450, '200g'), line('Ground Coffee', 'pack', 900, '200g', '500g'),
      line('Tea Bags', 'pack', 450, '100 pack'), line('Sea Salt', 'each', 300, '500g'),
    ],
  },
  frozen: {
    brands: ['Go Mart', 'Birds Eye', 'McCain', 'Sara Lee', 'Connoisseur', 'Streets', 'Wonton King'],
    variants: ['', 'Family Size'],
    lines: [
      line('Frozen Peas', 'pack', 250, '500g', '1kg'), line('Mixed Vegetables', 'pack', 300, '500g', '1kg'),
      line('Oven Chips', 'pack', 400, '1kg', '2kg'), line('Hash Browns', 'pack', 450, '750g'), line('Fish Fingers', 'pack', 500, '425g'),
      line('Chicken Nuggets', 'pack', 750, '400g', '1kg'), line('Margherita Pizza', 'each', 600, '400g'), line('Supreme Pizza', 'each', 650, '450g'),
      line('Beef Lasagne', 'each', 900, '1kg'), line('Dumplings', 'pack', 700, '600g'), line('Spring Rolls', 'pack', 500, '12 pack'),
      line('Vanilla Ice Cream', 'each', 600, '1L', '2L'), line('Chocolate Ice Cream', 'each', 600, '1L', '2L'),
      line('Frozen Berries', 'pack', 600, '500g', '1kg'), line('Meat Pies', 'pack', 700, '4 pack'),
    ],
  },
  drinks: {
    brands: ['Go Mart', 'Coca-Cola', 'Pepsi', 'Schweppes', 'Berri', 'Mount Franklin', 'Lipton', 'Red Bull', 'V'],
    variants: ['', 'No Sugar'],
    lines: [
      line('Cola', 'each', 350, '1.25L', '2L'), line('Cola Cans', 'pack', 1100, '10 pack', '24 pack'),
      line('Lemonade', 'each', 300, '1.25L', '2L'), line('Orange Juice', 'each', 450, '2L'), line('Apple Juice', 'each', 400, '2L'),
      line('Spring Water', 'pack', 500, '12 pack', '24 pack'), line('Sparkling Water', 'each', 150, '1L'),
      line('Iced Tea', 'each', 350, '1.5L'), line('Energy Drink', 'each', 300, '250ml', '500ml'), line('Ginger Beer', 'pack', 800, '4 pack'),
      line('Coconut Water', 'each', 400, '1L'), line('Sports Drink', 'each', 350, '600ml'), line('Cordial', 'each', 400, '2L'),
    ],
  },
  snacks: {
    brands: ['Go Mart', 'Smith\'s', 'Doritos', 'Arnott\'s', 'Cadbury', 'Lindt', 'Allen\'s', 'Pringles', 'Kettle'],
    variants: ['', 'Share Pack'],
    lines: [
      line('Salted Potato Chips', 'each', 400, '170g', '330g'), line('Salt & Vinegar Chips', 'each', 400, '170g'),
      line('Corn Chips', 'each', 400, '170g'), line('Tim Tam', 'pack', 450, '200g'), line('Shortbread', 'pack', 350, '250g'),
      line('Milk Chocolate Block', 'each', 550, '180g', '360g'), line('Dark Chocolate', 'each', 500, '100g'),
      line('Snakes Lollies', 'pack', 400, '200g'), line('Jelly Beans', 'pack', 400, '200g'), line('Popcorn', 'pack', 350, '100g'),
      line('Mixed Nuts', 'pack', 800, '375g', '750g'), line('Rice Crackers', 'pack', 250, '100g'), line('Muesli Bars', 'pack', 400, '6 pack'),
      line('Pretzels', 'pack', 350, '200g'), line('Beef Jerky', 'pack', 700, '50g'),
    ],
  },
  household: {
    brands: ['Go Mart', 'Finish', 'Omo', 'Dynamo', 'Sorbent', 'Quilton', 'Glad', 'Ajax', 'Morning Fresh', 'Spontex'],
    variants: ['', 'Eco'],
    lines: [
      line('Toilet Paper', 'pack', 600, '9 pack', '18 pack', '24 pack'), line('Paper Towel', 'pack', 400, '2 pack', '4 pack'),
      line('Tissues', 'pack', 300, '200 pack'), line('Laundry Liquid', 'each', 1200, '2L', '4L'), line('Laundry Powder', 'each', 1100, '2kg'),
      line('Dishwasher Tablets', 'pack', 1500, '40 pack', '80 pack'), line('Dishwashing Liquid', 'each', 350, '500ml', '1L'),
      line('Bin Liners', 'pack', 450, '20 pack', '50 pack'), line('Cling Wrap', 'each', 350, '60m'), line('Aluminium Foil', 'each', 400, '20m'),
      line('Multipurpose Spray', 'each', 450, '750ml'), line('Sponges', 'pack', 300, '6 pack'), line('Bleach', 'each', 350, '2L'),
      line('Glass Cleaner', 'each', 450, '500ml'), line('AA Batteries', 'pack', 1200, '4 pack', '10 pack'),
    ],
  },
  baby: {
    brands: ['Go Mart Baby', 'Huggies', 'Babylove', 'Rafferty\'s Garden', 'Heinz Baby', 'Aptamil', 'WaterWipes'],
    variants: ['', 'Sensitive'],
    lines: [
      line('Nappies Newborn', 'pack', 2000, '40 pack', '80 pack'), line('Nappies Crawler', 'pack', 2200, '36 pack', '72 pack'),
      line('Nappy Pants Walker', 'pack', 2400, '32 pack'), line('Baby Wipes', 'pack', 400, '80 pack', '240 pack'),
      line('Infant Formula Stage 1', 'each', 2800, '900g'), line('Toddler Milk Stage 3', 'each', 2500, '900g'),
      line('Apple Puree Pouch', 'each', 200, '120g'), line('Rice Cereal', 'each', 450, '125g'), line('Teething Rusks', 'pack', 450, '100g'),
      line('Baby Wash', 'each', 700, '500ml'), line('Nappy Rash Cream', 'each', 900, '100g'),
    ],
  },
  'personal-care': {
    brands: ['Go Mart', 'Colgate', 'Oral-B', 'Dove', 'Head & Shoulders', 'Nivea', 'Sukin', 'Panadol', 'Cenovis'],
    variants: ['', 'Sensitive'],
    lines: [
      line('Toothpaste', 'each', 350, '110g', '200g'), line('Toothbrush', 'pack', 400, '2 pack'), line('Mouthwash', 'each', 700, '500ml'),
      line('Shampoo', 'each', 700, '400ml', '900ml'), line('Conditioner', 'each', 700, '400ml', '900ml'), line('Body Wash', 'each', 650, '500ml', '1L'),
      line('Bar Soap', 'pack', 400, '4 pack'), line('Deodorant', 'each', 550, '150ml'), line('Sunscreen SPF50', 'each', 1200, '200ml'),
      line('Moisturiser', 'each', 1100, '250ml'), line('Paracetamol Tablets', 'pack', 300, '20 pack', '100 pack'),
      line('Multivitamin', 'pack', 1500, '60 pack'), line('Hand Sanitiser', 'each', 450, '250ml'), line('Cotton Buds', 'pack', 300, '200 pack'),
    ],
  },
  pet: {
    brands: ['Go Mart Pet', 'Pedigree', 'Whiskas', 'Purina', 'Dine', 'Optimum'],
    variants: ['', 'Senior', 'Puppy & Kitten'],
    lines: [
      line('Dry Dog Food', 'each', 1500, '3kg', '8kg'), line('Wet Dog Food', 'pack', 900, '12 pack'), line('Dog Treats', 'pack', 600, '200g'),
      line('Dry Cat Food', 'each', 1200, '2kg', '4kg'), line('Wet Cat Food', 'pack', 800, '12 pack'), line('Cat Litter', 'each', 1000, '10L', '20L'),
      line('Cat Treats', 'pack', 400, '60g'), line('Dental Chews', 'pack', 800, '7 pack'),
    ],
  },
};
