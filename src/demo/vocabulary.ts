/**
 * Static reference content of the demo warehouse: names, places, products, music. Everything that is not
 * generated from these lists is derived from them with the seeded generator.
 */

/** A US city the company sells to, with its sales region and a relative population weight. */
export interface City {
  city: string;
  state: string;
  region: string;
  zip: string;
  weight: number;
}

/** Sales regions (ids are their 1-based position). */
export const REGIONS: readonly string[] = [
  'Northeast',
  'Southeast',
  'Midwest',
  'Southwest',
  'Mountain',
  'Pacific',
];

/** Cities of customers, users and stores. */
export const CITIES: readonly City[] = [
  { city: 'New York', state: 'NY', region: 'Northeast', zip: '100', weight: 10 },
  { city: 'Boston', state: 'MA', region: 'Northeast', zip: '021', weight: 5 },
  { city: 'Philadelphia', state: 'PA', region: 'Northeast', zip: '191', weight: 5 },
  { city: 'Hartford', state: 'CT', region: 'Northeast', zip: '061', weight: 2 },
  { city: 'Portland', state: 'ME', region: 'Northeast', zip: '041', weight: 1 },
  { city: 'Pittsburgh', state: 'PA', region: 'Northeast', zip: '152', weight: 2 },
  { city: 'Atlanta', state: 'GA', region: 'Southeast', zip: '303', weight: 5 },
  { city: 'Miami', state: 'FL', region: 'Southeast', zip: '331', weight: 5 },
  { city: 'Orlando', state: 'FL', region: 'Southeast', zip: '328', weight: 3 },
  { city: 'Charlotte', state: 'NC', region: 'Southeast', zip: '282', weight: 3 },
  { city: 'Raleigh', state: 'NC', region: 'Southeast', zip: '276', weight: 2 },
  { city: 'Nashville', state: 'TN', region: 'Southeast', zip: '372', weight: 3 },
  { city: 'Chicago', state: 'IL', region: 'Midwest', zip: '606', weight: 8 },
  { city: 'Minneapolis', state: 'MN', region: 'Midwest', zip: '554', weight: 3 },
  { city: 'Columbus', state: 'OH', region: 'Midwest', zip: '432', weight: 3 },
  { city: 'Detroit', state: 'MI', region: 'Midwest', zip: '482', weight: 3 },
  { city: 'Milwaukee', state: 'WI', region: 'Midwest', zip: '532', weight: 2 },
  { city: 'Kansas City', state: 'MO', region: 'Midwest', zip: '641', weight: 2 },
  { city: 'Madison', state: 'WI', region: 'Midwest', zip: '537', weight: 1 },
  { city: 'Austin', state: 'TX', region: 'Southwest', zip: '787', weight: 5 },
  { city: 'Dallas', state: 'TX', region: 'Southwest', zip: '752', weight: 5 },
  { city: 'Houston', state: 'TX', region: 'Southwest', zip: '770', weight: 6 },
  { city: 'San Antonio', state: 'TX', region: 'Southwest', zip: '782', weight: 3 },
  { city: 'Phoenix', state: 'AZ', region: 'Southwest', zip: '850', weight: 5 },
  { city: 'Albuquerque', state: 'NM', region: 'Southwest', zip: '871', weight: 2 },
  { city: 'Denver', state: 'CO', region: 'Mountain', zip: '802', weight: 5 },
  { city: 'Boulder', state: 'CO', region: 'Mountain', zip: '803', weight: 1 },
  { city: 'Boise', state: 'ID', region: 'Mountain', zip: '837', weight: 3 },
  { city: 'Salt Lake City', state: 'UT', region: 'Mountain', zip: '841', weight: 3 },
  { city: 'Las Vegas', state: 'NV', region: 'Mountain', zip: '891', weight: 3 },
  { city: 'Missoula', state: 'MT', region: 'Mountain', zip: '598', weight: 1 },
  { city: 'Seattle', state: 'WA', region: 'Pacific', zip: '981', weight: 6 },
  { city: 'Spokane', state: 'WA', region: 'Pacific', zip: '992', weight: 1 },
  { city: 'Portland', state: 'OR', region: 'Pacific', zip: '972', weight: 4 },
  { city: 'San Francisco', state: 'CA', region: 'Pacific', zip: '941', weight: 5 },
  { city: 'Los Angeles', state: 'CA', region: 'Pacific', zip: '900', weight: 9 },
  { city: 'San Diego', state: 'CA', region: 'Pacific', zip: '921', weight: 4 },
  { city: 'Sacramento', state: 'CA', region: 'Pacific', zip: '958', weight: 2 },
];

/** A physical store; its opening (and closing) are placed relative to the first day of data. */
export interface StoreSeed {
  name: string;
  address: string;
  city: string;
  state: string;
  /** Months after the first day of data that the store opened (negative: before the data starts). */
  openedMonth: number;
  /** Months after the first day of data that the store closed, if it did. */
  closedMonth?: number;
  sqFt: number;
  /** Relative share of in-store sales. */
  traffic: number;
}

/** The store network. */
export const STORES: readonly StoreSeed[] = [
  {
    name: 'Manhattan Flagship',
    address: '512 Broadway',
    city: 'New York',
    state: 'NY',
    openedMonth: -96,
    sqFt: 42000,
    traffic: 3,
  },
  {
    name: 'Brooklyn Heights',
    address: '88 Court St',
    city: 'New York',
    state: 'NY',
    openedMonth: -30,
    sqFt: 18000,
    traffic: 1.5,
  },
  {
    name: 'Boston Back Bay',
    address: '700 Boylston St',
    city: 'Boston',
    state: 'MA',
    openedMonth: -60,
    sqFt: 21000,
    traffic: 1.6,
  },
  {
    name: 'Philadelphia Center City',
    address: '1625 Chestnut St',
    city: 'Philadelphia',
    state: 'PA',
    openedMonth: -48,
    sqFt: 19000,
    traffic: 1.3,
  },
  {
    name: 'Atlanta Ponce City',
    address: '675 Ponce de Leon Ave NE',
    city: 'Atlanta',
    state: 'GA',
    openedMonth: -40,
    sqFt: 20000,
    traffic: 1.4,
  },
  {
    name: 'Miami Brickell',
    address: '701 S Miami Ave',
    city: 'Miami',
    state: 'FL',
    openedMonth: 14,
    sqFt: 17000,
    traffic: 1.3,
  },
  {
    name: 'Chicago Magnificent Mile',
    address: '835 N Michigan Ave',
    city: 'Chicago',
    state: 'IL',
    openedMonth: -84,
    sqFt: 30000,
    traffic: 2.2,
  },
  {
    name: 'Minneapolis Uptown',
    address: '3001 Hennepin Ave',
    city: 'Minneapolis',
    state: 'MN',
    openedMonth: -20,
    closedMonth: 38,
    sqFt: 14000,
    traffic: 0.8,
  },
  {
    name: 'Austin Domain',
    address: '11410 Century Oaks Terrace',
    city: 'Austin',
    state: 'TX',
    openedMonth: 6,
    sqFt: 16000,
    traffic: 1.2,
  },
  {
    name: 'Phoenix Biltmore',
    address: '2502 E Camelback Rd',
    city: 'Phoenix',
    state: 'AZ',
    openedMonth: -12,
    sqFt: 15000,
    traffic: 1,
  },
  {
    name: 'Denver Cherry Creek',
    address: '3000 E 1st Ave',
    city: 'Denver',
    state: 'CO',
    openedMonth: -54,
    sqFt: 19000,
    traffic: 1.3,
  },
  {
    name: 'Boise Downtown',
    address: '800 W Main St',
    city: 'Boise',
    state: 'ID',
    openedMonth: 26,
    sqFt: 12000,
    traffic: 0.9,
  },
  {
    name: 'Seattle Capitol Hill',
    address: '1520 Broadway',
    city: 'Seattle',
    state: 'WA',
    openedMonth: -72,
    sqFt: 22000,
    traffic: 1.7,
  },
  {
    name: 'Portland Pearl District',
    address: '1133 NW Couch St',
    city: 'Portland',
    state: 'OR',
    openedMonth: -36,
    sqFt: 16000,
    traffic: 1.2,
  },
  {
    name: 'Los Angeles Grove',
    address: '189 The Grove Dr',
    city: 'Los Angeles',
    state: 'CA',
    openedMonth: -66,
    sqFt: 28000,
    traffic: 2.1,
  },
  {
    name: 'San Diego Gaslamp',
    address: '455 Fifth Ave',
    city: 'San Diego',
    state: 'CA',
    openedMonth: 44,
    sqFt: 13000,
    traffic: 1,
  },
];

/** Distribution centers: name, city, state, region, capacity. */
export const WAREHOUSES: readonly {
  name: string;
  city: string;
  state: string;
  region: string;
  capacity: number;
}[] = [
  { name: 'Allentown DC', city: 'Allentown', state: 'PA', region: 'Northeast', capacity: 420000 },
  { name: 'McDonough DC', city: 'McDonough', state: 'GA', region: 'Southeast', capacity: 360000 },
  { name: 'Columbus DC', city: 'Columbus', state: 'OH', region: 'Midwest', capacity: 380000 },
  { name: 'Reno DC', city: 'Reno', state: 'NV', region: 'Pacific', capacity: 450000 },
];

/** Given names for people. */
export const FIRST_NAMES: readonly string[] = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'William',
  'Mia',
  'Benjamin',
  'Charlotte',
  'Lucas',
  'Amelia',
  'Henry',
  'Harper',
  'Alexander',
  'Evelyn',
  'Daniel',
  'Abigail',
  'Matthew',
  'Emily',
  'Jackson',
  'Ella',
  'Sebastian',
  'Scarlett',
  'Jack',
  'Grace',
  'Owen',
  'Chloe',
  'Samuel',
  'Victoria',
  'David',
  'Riley',
  'Joseph',
  'Aria',
  'Carter',
  'Lily',
  'Wyatt',
  'Zoey',
  'John',
  'Nora',
  'Luke',
  'Hannah',
  'Gabriel',
  'Layla',
  'Anthony',
  'Priya',
  'Rahul',
  'Mei',
  'Wei',
  'Hiroshi',
  'Yuki',
  'Carlos',
  'Sofia',
  'Diego',
  'Valentina',
  'Mateo',
  'Camila',
  'Ahmed',
  'Fatima',
  'Omar',
  'Aisha',
  'Kwame',
  'Amara',
  'Dmitri',
  'Katya',
  'Sean',
  'Siobhan',
  'Marcus',
  'Jasmine',
  'Tyler',
  'Brianna',
  'Kevin',
  'Megan',
  'Andre',
  'Tamika',
  'Nguyen',
  'Linh',
  'Jorge',
  'Lucia',
  'Ethan',
  'Madison',
  'Ryan',
  'Hailey',
  'Nathan',
  'Kayla',
  'Aaron',
  'Rachel',
];

/** Family names for people. */
export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Chen',
  'Patel',
  'Kim',
  'Singh',
  'Tanaka',
  'Sato',
  'Okafor',
  'Mensah',
  'Kowalski',
  'Novak',
  'Ivanova',
  "O'Brien",
  'Murphy',
  'Sullivan',
  'Larsen',
  'Johansson',
  'Schmidt',
  'Fischer',
  'Rossi',
  'Bianchi',
  'Dubois',
  'Moreau',
  'Haddad',
  'Khan',
  'Cohen',
  'Levi',
  'Park',
  'Choi',
  'Wong',
  'Tran',
  'Reyes',
  'Cruz',
  'Ortiz',
  'Morales',
  'Brooks',
  'Price',
];

/** Words for community usernames. */
export const HANDLE_WORDS: readonly string[] = [
  'trail',
  'runner',
  'coffee',
  'maker',
  'pixel',
  'garden',
  'vinyl',
  'sneaker',
  'style',
  'thrift',
  'urban',
  'maple',
  'river',
  'summit',
  'cedar',
  'harbor',
  'neon',
  'velvet',
  'lucky',
  'quiet',
  'sunny',
  'foggy',
  'desert',
  'potato',
  'salmon',
  'hiker',
  'camper',
  'baker',
  'crafter',
  'gamer',
  'reader',
  'snowy',
  'cobalt',
  'amber',
];

/** Merchandise categories with their share of online order lines and price range. */
export interface CategorySeed {
  name: string;
  /** Share of order lines in a normal quarter. */
  share: number;
  /** Return rate of order lines. */
  returnRate: number;
  subcategories: readonly { name: string; items: readonly string[]; price: readonly [number, number] }[];
  variants: readonly string[];
  colors: readonly string[] | null;
}

/** The merchandise categories, their subcategories and item types. */
export const CATEGORIES: readonly CategorySeed[] = [
  {
    name: 'Fashion',
    share: 0.27,
    returnRate: 0.14,
    subcategories: [
      {
        name: 'Outerwear',
        items: ['Denim Jacket', 'Puffer Jacket', 'Wool Overcoat', 'Rain Shell', 'Quilted Vest'],
        price: [59, 249],
      },
      {
        name: 'Tops',
        items: ['Oxford Shirt', 'Crew Neck Tee', 'Merino Sweater', 'Linen Shirt', 'Hoodie', 'Silk Blouse'],
        price: [18, 119],
      },
      {
        name: 'Bottoms',
        items: ['Slim Chinos', 'Straight Jeans', 'Pleated Skirt', 'Cargo Pants', 'Running Shorts'],
        price: [29, 98],
      },
      { name: 'Dresses', items: ['Wrap Dress', 'Midi Dress', 'Shirt Dress', 'Maxi Dress'], price: [45, 159] },
      {
        name: 'Footwear',
        items: ['Leather Ankle Boots', 'Canvas Sneakers', 'Loafers', 'Suede Chelsea Boots', 'Sandals'],
        price: [39, 189],
      },
      {
        name: 'Accessories',
        items: ['Crossbody Bag', 'Wool Scarf', 'Leather Belt', 'Sunglasses', 'Beanie', 'Tote Bag'],
        price: [15, 129],
      },
    ],
    variants: [
      'Classic',
      'Relaxed',
      'Slim-Fit',
      'Vintage',
      'Organic Cotton',
      'Everyday',
      'Heritage',
      'Cropped',
    ],
    colors: ['Black', 'Navy', 'Olive', 'Camel', 'White', 'Heather Grey', 'Burgundy', 'Indigo'],
  },
  {
    name: 'Electronics',
    share: 0.16,
    returnRate: 0.07,
    subcategories: [
      {
        name: 'Audio',
        items: ['Wireless Earbuds', 'Noise-Cancelling Headphones', 'Bluetooth Speaker', 'Soundbar'],
        price: [39, 349],
      },
      { name: 'Wearables', items: ['Smartwatch', 'Fitness Tracker'], price: [59, 299] },
      {
        name: 'Computers',
        items: ['Laptop Stand', 'Mechanical Keyboard', 'Wireless Mouse', '27" Monitor', 'USB-C Hub'],
        price: [25, 329],
      },
      {
        name: 'Home Tech',
        items: ['Smart Plug 2-Pack', 'Video Doorbell', 'Wi-Fi Mesh Router', 'Streaming Stick'],
        price: [24, 229],
      },
      {
        name: 'Power',
        items: ['Power Bank 20000mAh', 'USB-C Charger 65W', 'Charging Cable 3-Pack'],
        price: [12, 69],
      },
    ],
    variants: ['Pro', 'Lite', 'Max', 'Mini', '2nd Gen', 'Plus'],
    colors: ['Black', 'White', 'Silver', 'Graphite'],
  },
  {
    name: 'Home & Garden',
    share: 0.17,
    returnRate: 0.05,
    subcategories: [
      {
        name: 'Kitchen',
        items: ['Cast Iron Skillet', 'Chef Knife', 'French Press', 'Stand Mixer', 'Dutch Oven'],
        price: [19, 399],
      },
      {
        name: 'Bedding & Bath',
        items: ['Percale Sheet Set', 'Down Comforter', 'Bath Towel Set', 'Linen Duvet Cover'],
        price: [29, 249],
      },
      {
        name: 'Decor',
        items: ['Ceramic Vase', 'Table Lamp', 'Wall Mirror', 'Throw Blanket', 'Scented Candle'],
        price: [14, 189],
      },
      {
        name: 'Garden',
        items: [
          'Garden Hose 50 ft',
          'Raised Garden Bed',
          'Pruning Shears',
          'Ceramic Planter',
          'Patio String Lights',
        ],
        price: [12, 219],
      },
    ],
    variants: ['Essential', 'Premium', 'Artisan', 'Nordic', 'Farmhouse', 'Compact'],
    colors: null,
  },
  {
    name: 'Sports',
    share: 0.13,
    returnRate: 0.06,
    subcategories: [
      {
        name: 'Fitness',
        items: [
          'Yoga Mat',
          'Adjustable Dumbbells',
          'Resistance Bands Set',
          'Foam Roller',
          'Kettlebell 16 kg',
        ],
        price: [15, 299],
      },
      {
        name: 'Outdoor',
        items: ['Camping Tent 4-Person', 'Sleeping Bag', 'Hiking Backpack 40L', 'Trekking Poles', 'Headlamp'],
        price: [19, 349],
      },
      { name: 'Cycling', items: ['Cycling Helmet', 'Bike Lock', 'Bike Repair Kit'], price: [15, 129] },
      {
        name: 'Team Sports',
        items: ['Soccer Ball', 'Basketball', 'Tennis Racket', 'Pickleball Paddle Set'],
        price: [19, 179],
      },
    ],
    variants: ['Trail', 'Pro', 'All-Terrain', 'Ultralight', 'Training', 'Club'],
    colors: ['Black', 'Red', 'Blue', 'Green', 'Orange'],
  },
  {
    name: 'Beauty',
    share: 0.11,
    returnRate: 0.03,
    subcategories: [
      {
        name: 'Skincare',
        items: ['Vitamin C Serum', 'Hydrating Face Cream', 'Mineral Sunscreen SPF 50', 'Gentle Cleanser'],
        price: [12, 78],
      },
      {
        name: 'Makeup',
        items: ['Matte Lipstick', 'Volumizing Mascara', 'Tinted Moisturizer', 'Eyeshadow Palette'],
        price: [9, 59],
      },
      {
        name: 'Hair',
        items: ['Argan Oil Shampoo', 'Repair Conditioner', 'Ionic Hair Dryer', 'Curling Wand'],
        price: [11, 159],
      },
      { name: 'Fragrance', items: ['Eau de Parfum 50 ml', 'Body Mist'], price: [19, 120] },
    ],
    variants: ['Daily', 'Radiance', 'Pure', 'Botanical', 'Sensitive'],
    colors: null,
  },
  {
    name: 'Toys',
    share: 0.09,
    returnRate: 0.04,
    subcategories: [
      {
        name: 'Building',
        items: ['Building Blocks 500 pcs', 'Magnetic Tiles 60 pcs', 'Marble Run'],
        price: [19, 89],
      },
      {
        name: 'Games & Puzzles',
        items: ['Jigsaw Puzzle 1000 pcs', 'Family Board Game', 'Card Game'],
        price: [9, 49],
      },
      { name: 'Plush & Dolls', items: ['Plush Bear', 'Rag Doll', 'Plush Dinosaur'], price: [12, 39] },
      { name: 'Outdoor Play', items: ['RC Car', 'Kick Scooter', 'Kite', 'Water Blaster'], price: [14, 129] },
    ],
    variants: ['Junior', 'Deluxe', 'Classic', 'Explorer'],
    colors: null,
  },
  {
    name: 'Grocery',
    share: 0.07,
    returnRate: 0.01,
    subcategories: [
      {
        name: 'Coffee & Tea',
        items: ['Organic Coffee Beans 1 lb', 'Espresso Roast 2 lb', 'Green Tea 20 Bags', 'Chai Concentrate'],
        price: [6, 28],
      },
      {
        name: 'Pantry',
        items: ['Extra Virgin Olive Oil 1 L', 'Pure Maple Syrup', 'Wildflower Honey', 'Sea Salt Flakes'],
        price: [5, 24],
      },
      {
        name: 'Snacks',
        items: ['Dark Chocolate Bar 72%', 'Trail Mix', 'Sea Salt Pretzels', 'Granola'],
        price: [3, 12],
      },
    ],
    variants: ['Organic', 'Single-Origin', 'Family Size', 'Small Batch'],
    colors: null,
  },
];

/** Suppliers: name, country, main category. */
export const SUPPLIERS: readonly { name: string; country: string; category: string }[] = [
  { name: 'Pacific Rim Apparel Co.', country: 'Vietnam', category: 'Fashion' },
  { name: 'Lisbon Leatherworks', country: 'Portugal', category: 'Fashion' },
  { name: 'Dhaka Garment Group', country: 'Bangladesh', category: 'Fashion' },
  { name: 'Atelier Nord', country: 'Italy', category: 'Fashion' },
  { name: 'Carolina Textile Mills', country: 'United States', category: 'Fashion' },
  { name: 'Shenzhen Brightway Electronics', country: 'China', category: 'Electronics' },
  { name: 'Taipei Circuit Works', country: 'Taiwan', category: 'Electronics' },
  { name: 'Nordic Audio AB', country: 'Sweden', category: 'Electronics' },
  { name: 'Hearth & Home Imports', country: 'United States', category: 'Home & Garden' },
  { name: 'Jalisco Ceramics', country: 'Mexico', category: 'Home & Garden' },
  { name: 'Greenfield Garden Supply', country: 'United States', category: 'Home & Garden' },
  { name: 'Black Forest Kitchenware', country: 'Germany', category: 'Home & Garden' },
  { name: 'Summit Outdoor Gear', country: 'United States', category: 'Sports' },
  { name: 'Ironclad Fitness', country: 'China', category: 'Sports' },
  { name: 'Velo Parts Europe', country: 'Netherlands', category: 'Sports' },
  { name: 'Seoul Skin Labs', country: 'South Korea', category: 'Beauty' },
  { name: 'Provence Botanicals', country: 'France', category: 'Beauty' },
  { name: 'Glow Cosmetics Inc.', country: 'United States', category: 'Beauty' },
  { name: 'Bricktown Toy Company', country: 'Denmark', category: 'Toys' },
  { name: 'Ningbo Playthings', country: 'China', category: 'Toys' },
  { name: 'Andes Coffee Traders', country: 'Colombia', category: 'Grocery' },
  { name: 'Vermont Pantry Co.', country: 'United States', category: 'Grocery' },
  { name: 'Mediterraneo Foods', country: 'Spain', category: 'Grocery' },
];

/** Brands: name, main category, country of origin. Each is sourced from a supplier of its category. */
export const BRANDS: readonly { name: string; category: string; country: string }[] = [
  { name: 'Northpeak', category: 'Fashion', country: 'United States' },
  { name: 'Marlowe & Finch', category: 'Fashion', country: 'United Kingdom' },
  { name: 'Studio Ines', category: 'Fashion', country: 'Portugal' },
  { name: 'Kestrel Denim', category: 'Fashion', country: 'United States' },
  { name: 'Alba Milano', category: 'Fashion', country: 'Italy' },
  { name: 'Brightline Basics', category: 'Fashion', country: 'United States' },
  { name: 'Voltway', category: 'Electronics', country: 'China' },
  { name: 'Sonique', category: 'Electronics', country: 'Sweden' },
  { name: 'Arcbyte', category: 'Electronics', country: 'Taiwan' },
  { name: 'Hearthstone', category: 'Home & Garden', country: 'United States' },
  { name: 'Terra Verde', category: 'Home & Garden', country: 'Mexico' },
  { name: 'Kochwerk', category: 'Home & Garden', country: 'Germany' },
  { name: 'Fernhill', category: 'Home & Garden', country: 'United States' },
  { name: 'Ridgeline', category: 'Sports', country: 'United States' },
  { name: 'IronPulse', category: 'Sports', country: 'China' },
  { name: 'Velocita', category: 'Sports', country: 'Netherlands' },
  { name: 'Lumière Botanique', category: 'Beauty', country: 'France' },
  { name: 'Dewdrop', category: 'Beauty', country: 'South Korea' },
  { name: 'Glow Theory', category: 'Beauty', country: 'United States' },
  { name: 'Brickly', category: 'Toys', country: 'Denmark' },
  { name: 'Little Wonders', category: 'Toys', country: 'China' },
  { name: 'Cafe Altura', category: 'Grocery', country: 'Colombia' },
  { name: 'Green Mountain Pantry', category: 'Grocery', country: 'United States' },
  { name: 'Oliva Sol', category: 'Grocery', country: 'Spain' },
];

/** Departments: name, cost center, head count, job titles (first is the head of department). */
export const DEPARTMENTS: readonly {
  name: string;
  costCenter: string;
  size: number;
  titles: readonly string[];
}[] = [
  {
    name: 'Executive',
    costCenter: 'CC-100',
    size: 5,
    titles: [
      'Chief Executive Officer',
      'Chief Financial Officer',
      'Chief Operating Officer',
      'Chief Marketing Officer',
      'Chief Technology Officer',
    ],
  },
  {
    name: 'Finance',
    costCenter: 'CC-110',
    size: 12,
    titles: [
      'Finance Director',
      'Financial Analyst',
      'Senior Accountant',
      'Accounts Payable Specialist',
      'Payroll Specialist',
    ],
  },
  {
    name: 'Human Resources',
    costCenter: 'CC-120',
    size: 8,
    titles: ['HR Director', 'HR Business Partner', 'Recruiter', 'HR Coordinator'],
  },
  {
    name: 'Information Technology',
    costCenter: 'CC-130',
    size: 16,
    titles: [
      'IT Director',
      'Software Engineer',
      'Data Engineer',
      'Data Analyst',
      'IT Support Technician',
      'Site Reliability Engineer',
    ],
  },
  {
    name: 'Marketing',
    costCenter: 'CC-140',
    size: 12,
    titles: [
      'Marketing Director',
      'Campaign Manager',
      'Content Strategist',
      'SEO Specialist',
      'Social Media Manager',
      'Graphic Designer',
    ],
  },
  {
    name: 'Merchandising',
    costCenter: 'CC-150',
    size: 11,
    titles: ['Merchandising Director', 'Buyer', 'Assistant Buyer', 'Planner', 'Visual Merchandiser'],
  },
  {
    name: 'E-commerce',
    costCenter: 'CC-160',
    size: 9,
    titles: ['E-commerce Director', 'Product Manager', 'UX Designer', 'E-commerce Analyst'],
  },
  {
    name: 'Customer Support',
    costCenter: 'CC-170',
    size: 22,
    titles: [
      'Customer Support Manager',
      'Support Team Lead',
      'Customer Support Agent',
      'Customer Relations Specialist',
    ],
  },
  {
    name: 'Logistics',
    costCenter: 'CC-180',
    size: 20,
    titles: [
      'Logistics Director',
      'Distribution Center Manager',
      'Inventory Planner',
      'Warehouse Associate',
      'Transportation Coordinator',
    ],
  },
  {
    name: 'Store Operations',
    costCenter: 'CC-190',
    size: 0,
    titles: [
      'VP Store Operations',
      'Store Manager',
      'Assistant Store Manager',
      'Sales Associate',
      'Cashier',
      'Stock Associate',
    ],
  },
];

/** Campaign templates repeated every year: month, name, channel, category (null = store-wide), weeks, budget. */
export const CAMPAIGN_TEMPLATES: readonly {
  month: number;
  name: string;
  channel: string;
  category: string | null;
  weeks: number;
  budget: number;
  objective: string;
}[] = [
  {
    month: 1,
    name: 'New Year Wellness',
    channel: 'Email',
    category: 'Sports',
    weeks: 4,
    budget: 40000,
    objective: 'Sales',
  },
  {
    month: 2,
    name: "Valentine's Beauty Edit",
    channel: 'Social',
    category: 'Beauty',
    weeks: 2,
    budget: 35000,
    objective: 'Sales',
  },
  {
    month: 3,
    name: 'Spring Garden Kickoff',
    channel: 'Paid search',
    category: 'Home & Garden',
    weeks: 6,
    budget: 45000,
    objective: 'Sales',
  },
  {
    month: 4,
    name: 'Spring Style Refresh',
    channel: 'Social',
    category: 'Fashion',
    weeks: 4,
    budget: 60000,
    objective: 'Awareness',
  },
  {
    month: 5,
    name: 'Memorial Day Sale',
    channel: 'Display',
    category: null,
    weeks: 1,
    budget: 70000,
    objective: 'Sales',
  },
  {
    month: 6,
    name: 'Summer Outdoors',
    channel: 'Paid search',
    category: 'Sports',
    weeks: 5,
    budget: 50000,
    objective: 'Sales',
  },
  {
    month: 7,
    name: 'Summer Tech Deals',
    channel: 'Email',
    category: 'Electronics',
    weeks: 2,
    budget: 55000,
    objective: 'Sales',
  },
  {
    month: 8,
    name: 'Back to School',
    channel: 'TV',
    category: null,
    weeks: 4,
    budget: 120000,
    objective: 'Sales',
  },
  {
    month: 9,
    name: 'Fall Fashion Preview',
    channel: 'Social',
    category: 'Fashion',
    weeks: 3,
    budget: 65000,
    objective: 'Awareness',
  },
  {
    month: 10,
    name: 'Loyalty Double Points',
    channel: 'Email',
    category: null,
    weeks: 2,
    budget: 20000,
    objective: 'Retention',
  },
  {
    month: 11,
    name: 'Black Friday',
    channel: 'TV',
    category: null,
    weeks: 2,
    budget: 250000,
    objective: 'Sales',
  },
  {
    month: 12,
    name: 'Holiday Gift Guide',
    channel: 'Display',
    category: null,
    weeks: 4,
    budget: 150000,
    objective: 'Sales',
  },
  {
    month: 12,
    name: 'Toy Drive Holiday',
    channel: 'Social',
    category: 'Toys',
    weeks: 3,
    budget: 30000,
    objective: 'Sales',
  },
];

/** Website paths where sessions start. */
export const LANDING_PAGES: readonly string[] = [
  '/',
  '/women',
  '/men',
  '/women/dresses',
  '/men/jackets',
  '/shoes',
  '/electronics',
  '/home',
  '/garden',
  '/sports/outdoor',
  '/beauty',
  '/toys',
  '/grocery/coffee',
  '/sale',
  '/new-arrivals',
  '/stores',
  '/blog/style-guide',
  '/blog/gift-ideas',
  '/account',
  '/search',
];

/** Help desk ticket subjects by issue category. */
export const SUPPORT_SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  Shipping: [
    'Where is my order?',
    'Package marked delivered but not received',
    'Tracking number not updating',
    'Need to change shipping address',
  ],
  Returns: [
    'How do I return an item?',
    'Refund not received yet',
    'Return label not working',
    'Exchange for a different size',
  ],
  Billing: [
    'Charged twice for one order',
    'Promo code not applied',
    'Gift card balance missing',
    'Question about sales tax',
  ],
  'Product issue': [
    'Item arrived damaged',
    'Wrong item in the box',
    'Product stopped working',
    'Missing parts',
  ],
  Account: ["Can't reset my password", 'Update email address', 'Delete my account', 'Loyalty points missing'],
};

/** Complaint types: what customers wrote, how customer relations resolved it, whether it concerns a store. */
export const COMPLAINT_TYPES: readonly {
  type: string;
  descriptions: readonly string[];
  resolutions: readonly string[];
  inStore: boolean;
}[] = [
  {
    type: 'Staff behavior',
    descriptions: [
      'Associate was rude at checkout',
      'No staff available on the floor for 20 minutes',
      'Manager refused to help with an exchange',
    ],
    resolutions: [
      'Apologised and issued store credit',
      'Escalated to store manager; staff coaching completed',
    ],
    inStore: true,
  },
  {
    type: 'Store conditions',
    descriptions: [
      'Fitting rooms were dirty',
      'Long checkout lines with one register open',
      'Parking lot poorly lit',
    ],
    resolutions: [
      'Escalated to store manager; staff coaching completed',
      'Facilities ticket raised and fixed',
      'Apologised and issued store credit',
    ],
    inStore: true,
  },
  {
    type: 'Product quality',
    descriptions: [
      'Seams came apart after one wash',
      'Shoes fell apart within a month',
      'Blender motor burned out',
      'Color faded after first wash',
    ],
    resolutions: [
      'Refund processed',
      'Replacement shipped',
      'Reported to supplier quality team; refund processed',
    ],
    inStore: false,
  },
  {
    type: 'Delivery',
    descriptions: [
      'Order arrived two weeks late',
      'Courier left parcel in the rain',
      'Box was crushed on arrival',
    ],
    resolutions: [
      'Shipping refunded',
      'Replacement shipped',
      'Claim filed with carrier; store credit issued',
    ],
    inStore: false,
  },
  {
    type: 'Pricing',
    descriptions: [
      'Shelf price differed from register price',
      'Item went on sale the day after purchase',
      'Charged full price despite promotion',
    ],
    resolutions: ['Price difference refunded', 'Explained policy; no further action'],
    inStore: true,
  },
  {
    type: 'Privacy',
    descriptions: ['Received marketing emails after unsubscribing', 'Asked to delete personal data'],
    resolutions: ['Removed from marketing lists', 'Personal data deleted and confirmed in writing'],
    inStore: false,
  },
];

/** Review titles by star rating (index 0 = 1 star). */
export const REVIEW_TITLES: readonly (readonly string[])[] = [
  ['Very disappointed', 'Broke after a week', 'Not as described', 'Would not buy again'],
  ['Not great', 'Runs small', 'Cheap feel', 'Okay for the price, barely'],
  ['Decent', 'It is fine', 'Mixed feelings', 'Does the job'],
  ['Really nice', 'Good value', 'Happy with it', 'Fits true to size', 'Solid quality'],
  ['Love it!', 'Exactly what I wanted', 'Best purchase this year', 'Five stars', 'Bought a second one'],
];

/** Genres of the label roster. */
export const MUSIC_GENRES: readonly string[] = [
  'Indie Rock',
  'Folk',
  'Electronic',
  'Jazz',
  'Hip Hop',
  'Pop',
  'Alt-Country',
  'Soul',
];

/** First words of band names. */
export const BAND_ADJECTIVES: readonly string[] = [
  'Velvet',
  'Midnight',
  'Paper',
  'Golden',
  'Electric',
  'Quiet',
  'Wild',
  'Silver',
  'Hollow',
  'Northern',
  'Crimson',
  'Lonesome',
  'Neon',
  'Static',
  'Amber',
  'Glass',
];

/** Second words of band names. */
export const BAND_NOUNS: readonly string[] = [
  'Pines',
  'Foxes',
  'Lanterns',
  'Harbors',
  'Satellites',
  'Wolves',
  'Tides',
  'Ravens',
  'Echoes',
  'Rivers',
  'Comets',
  'Orchards',
  'Lights',
  'Strangers',
  'Horses',
  'Ghosts',
];

/** Words for album and track titles. */
export const TITLE_WORDS: readonly string[] = [
  'Light',
  'Summer',
  'Rain',
  'Highway',
  'Ocean',
  'Fire',
  'Heart',
  'Winter',
  'City',
  'Dream',
  'Shadow',
  'Morning',
  'Gold',
  'River',
  'Static',
  'Signal',
  'Garden',
  'Stone',
  'Dust',
  'Glass',
  'Moon',
  'Paper',
  'Wire',
  'Bloom',
];

/** Album and track title patterns; {A} and {B} are two different title words. */
export const TITLE_PATTERNS: readonly string[] = [
  '{A} and {B}',
  '{A} of {B}',
  'The {A} Years',
  'Under the {A}',
  'After the {A}',
  '{A} {B}',
  'Blue {A}',
  'Songs for the {A}',
  '{A} Season',
];

/** Record labels: name, home region. Brightline Music is the company's own label. */
export const LABELS: readonly { name: string; region: string; prefix: string }[] = [
  { name: 'Brightline Music', region: 'United States', prefix: 'BLM' },
  { name: 'Blue Harbor Records', region: 'United States', prefix: 'BHR' },
  { name: 'Golden Hour Recordings', region: 'United States', prefix: 'GHR' },
  { name: 'Northbound Music', region: 'Canada', prefix: 'NBM' },
  { name: 'Rough Weather Records', region: 'United Kingdom', prefix: 'RWR' },
  { name: 'Polar Static', region: 'Europe', prefix: 'PS' },
  { name: 'Kanto Sound', region: 'Japan', prefix: 'KSCL' },
  { name: 'Southern Cross Music', region: 'Australia', prefix: 'SCM' },
];

/** Home countries of artists, weighted by repetition. */
export const ARTIST_COUNTRIES: readonly string[] = [
  'United States',
  'United States',
  'United States',
  'Canada',
  'United Kingdom',
  'Ireland',
  'Australia',
  'Sweden',
  'Japan',
];
