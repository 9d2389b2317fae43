// Vocabulary for the demo workspace: varied enough that 100,000 contacts look like real people.

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'James', 'Sophia', 'William', 'Isabella', 'Benjamin',
  'Mia', 'Lucas', 'Charlotte', 'Henry', 'Amelia', 'Alexander', 'Harper', 'Daniel', 'Evelyn', 'Michael',
  'Grace', 'Samuel', 'Chloé', 'Jack', 'Zoë', 'Owen', 'Hannah', 'Ethan', 'Nora', 'David',
  'Sofía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Diego', 'Lucía', 'Javier', 'Martina', 'Alejandro',
  'José', 'Carmen', 'João', 'Inês', 'Gabriel', 'Beatriz', 'Rafael', 'Larissa', 'Thiago', 'Fernanda',
  'Louis', 'Camille', 'Hugo', 'Léa', 'Antoine', 'Manon', 'Renée', 'Mathieu', 'Élodie', 'Julien',
  'Lukas', 'Anna', 'Felix', 'Lena', 'Jonas', 'Leonie', 'Maximilian', 'Katharina', 'Björn', 'Greta',
  'Søren', 'Freja', 'Mikkel', 'Ingrid', 'Lars', 'Astrid', 'Eero', 'Aino', 'Matteo', 'Giulia',
  'Lorenzo', 'Francesca', 'Alessandro', 'Chiara', 'Łukasz', 'Agnieszka', 'Piotr', 'Zofia', 'Dmitri', 'Anastasia',
  'Ivan', 'Natalia', 'Nikos', 'Eleni', 'Andrei', 'Ioana', 'Bence', 'Réka', 'Mehmet', 'Elif',
  'Emre', 'Zeynep', 'Omar', 'Layla', 'Youssef', 'Fatima', 'Karim', 'Nour', 'Amir', 'Yasmin',
  'Dariush', 'Shirin', 'Arjun', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Kavya', 'Rahul', 'Meera',
  'Wei', 'Mei', 'Jun', 'Xiu', 'Hao', 'Lin', 'Haruto', 'Yui', 'Sota', 'Aiko',
  'Minjun', 'Seoyeon', 'Jiho', 'Hana', 'Minh', 'Linh', 'Duc', 'Thao', 'Chidi', 'Ngozi',
  'Kwame', 'Ama', 'Oluwaseun', 'Adaeze', 'Tendai', 'Amara', 'Jabari', 'Zawadi', 'Tariku', 'Makena',
  'Avi', 'Noa', 'Kai', 'Leilani', 'Ayasha', 'Takoda', 'Mateus', 'Isla', 'Rory', 'Siobhan',
] as const

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson',
  'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young',
  'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Campbell', 'Mitchell', 'Carter',
  "O'Brien", 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'García', 'Rodríguez', 'Martínez', 'López', 'Hernández',
  'González', 'Fernández', 'Torres', 'Ramos', 'Castillo', 'Vargas', 'Morales', 'Ortiz', 'Reyes', 'Flores',
  'Silva', 'Santos', 'Oliveira', 'Pereira', 'Costa', 'Ferreira', 'Almeida', 'Carvalho', 'Dubois', 'Moreau',
  'Laurent', 'Lefebvre', 'Girard', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker',
  'Hoffmann', 'de Jong', 'van Dijk', 'Bakker', 'Visser', 'Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci',
  'Andersson', 'Johansson', 'Lindqvist', 'Nielsen', 'Sørensen', 'Halvorsen', 'Virtanen', 'Korhonen', 'Nowak', 'Kowalski',
  'Wójcik', 'Zieliński', 'Novák', 'Dvořák', 'Horváth', 'Nagy', 'Popescu', 'Ionescu', 'Petrov', 'Sokolov',
  'Papadopoulos', 'Yılmaz', 'Öztürk', 'Demir', 'Şahin', 'Haddad', 'Nasser', 'Mahmoud', 'Khalil', 'Hosseini',
  'Karimi', 'Khan', 'Ahmed', 'Rahman', 'Chowdhury', 'Patel', 'Sharma', 'Singh', 'Gupta', 'Iyer',
  'Nair', 'Reddy', 'Wang', 'Li', 'Zhang', 'Chen', 'Liu', 'Huang', 'Zhao', 'Tanaka',
  'Suzuki', 'Watanabe', 'Nakamura', 'Kobayashi', 'Kim', 'Park', 'Choi', 'Jung', 'Nguyễn', 'Trần',
  'Phạm', 'Okafor', 'Adeyemi', 'Nwosu', 'Mensah', 'Osei', 'Boateng', 'Diallo', 'Traoré', 'Ndlovu',
  'Dlamini', 'Mwangi', 'Otieno', 'Tesfaye', 'Haile', 'Cohen', 'Levi', 'Kahananui', 'Begay', 'Whitehorse',
] as const

export const JOB_TITLES = [
  'Chief Executive Officer', 'Chief Marketing Officer', 'Chief Technology Officer', 'VP of Sales', 'VP of Marketing',
  'Head of Growth', 'Head of Operations', 'Head of Customer Success', 'Marketing Manager', 'Product Marketing Manager',
  'Content Strategist', 'Demand Generation Manager', 'Sales Director', 'Account Executive', 'Sales Development Representative',
  'Customer Success Manager', 'Product Manager', 'Senior Product Designer', 'Software Engineer', 'Engineering Manager',
  'Data Analyst', 'Operations Manager', 'Office Manager', 'Procurement Lead', 'Finance Director',
  'Controller', 'HR Business Partner', 'Talent Acquisition Lead', 'Founder', 'Co-founder',
  'Managing Director', 'Partner', 'Consultant', 'Brand Manager', 'Community Manager',
  'IT Administrator', 'Solutions Architect', 'Research Scientist', 'Store Manager', 'Event Coordinator',
] as const

export const COMPANY_WORDS = [
  'Northwind', 'Bluebird', 'Cedar', 'Summit', 'Harbor', 'Lumen', 'Atlas', 'Nimbus', 'Juniper', 'Sierra',
  'Orchid', 'Falcon', 'Granite', 'Meridian', 'Pioneer', 'Quartz', 'Redwood', 'Saffron', 'Tidewater', 'Vertex',
  'Willow', 'Aurora', 'Beacon', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Glacier', 'Horizon', 'Indigo',
  'Jasper', 'Kestrel', 'Lighthouse', 'Mosaic', 'Nova', 'Oakridge', 'Polaris', 'Quill', 'Riverbend', 'Sequoia',
  'Terra', 'Umber', 'Velvet', 'Wildflower', 'Yarrow', 'Zephyr', 'Acorn', 'Basalt', 'Copper', 'Driftwood',
  'Evergreen', 'Firefly', 'Golden Gate', 'Highland', 'Ironwood', 'Kite', 'Lantern', 'Maple', 'Nordic', 'Olive',
] as const

/** Company name suffix and the industry it suggests. */
export const COMPANY_SUFFIXES = [
  ['Labs', 'Software'], ['Software', 'Software'], ['Systems', 'Information Technology'], ['Cloud', 'Software'],
  ['Analytics', 'Software'], ['Security', 'Information Technology'], ['Networks', 'Telecommunications'], ['Robotics', 'Manufacturing'],
  ['Motors', 'Automotive'], ['Energy', 'Energy'], ['Solar', 'Energy'], ['Health', 'Healthcare'],
  ['Clinics', 'Healthcare'], ['Bio', 'Biotechnology'], ['Pharma', 'Pharmaceuticals'], ['Foods', 'Food & Beverage'],
  ['Coffee Co.', 'Food & Beverage'], ['Brewing', 'Food & Beverage'], ['Logistics', 'Logistics'], ['Freight', 'Logistics'],
  ['Capital', 'Financial Services'], ['Bank', 'Financial Services'], ['Insurance', 'Insurance'], ['Partners', 'Consulting'],
  ['Consulting', 'Consulting'], ['Media', 'Media'], ['Studio', 'Design'], ['Games', 'Entertainment'],
  ['Learning', 'Education'], ['Academy', 'Education'], ['Travel', 'Travel & Hospitality'], ['Hotels', 'Travel & Hospitality'],
  ['Outfitters', 'Retail'], ['Supply', 'Wholesale'], ['Apparel', 'Retail'], ['Architects', 'Construction'],
  ['Builders', 'Construction'], ['Realty', 'Real Estate'], ['Legal', 'Legal Services'], ['Foundation', 'Non-profit'],
] as const

export const INDUSTRIES = [...new Set(COMPANY_SUFFIXES.map(([, industry]) => industry))]

/** City, country, international dialling prefix. */
export const PLACES = [
  ['New York', 'United States', '+1'], ['San Francisco', 'United States', '+1'], ['Austin', 'United States', '+1'],
  ['Chicago', 'United States', '+1'], ['Toronto', 'Canada', '+1'], ['Vancouver', 'Canada', '+1'],
  ['Mexico City', 'Mexico', '+52'], ['São Paulo', 'Brazil', '+55'], ['Buenos Aires', 'Argentina', '+54'],
  ['Bogotá', 'Colombia', '+57'], ['London', 'United Kingdom', '+44'], ['Manchester', 'United Kingdom', '+44'],
  ['Dublin', 'Ireland', '+353'], ['Paris', 'France', '+33'], ['Lyon', 'France', '+33'], ['Berlin', 'Germany', '+49'],
  ['Munich', 'Germany', '+49'], ['Amsterdam', 'Netherlands', '+31'], ['Madrid', 'Spain', '+34'], ['Barcelona', 'Spain', '+34'],
  ['Lisbon', 'Portugal', '+351'], ['Milan', 'Italy', '+39'], ['Stockholm', 'Sweden', '+46'], ['Copenhagen', 'Denmark', '+45'],
  ['Helsinki', 'Finland', '+358'], ['Warsaw', 'Poland', '+48'], ['Prague', 'Czechia', '+420'], ['Istanbul', 'Türkiye', '+90'],
  ['Dubai', 'United Arab Emirates', '+971'], ['Cairo', 'Egypt', '+20'], ['Lagos', 'Nigeria', '+234'], ['Nairobi', 'Kenya', '+254'],
  ['Accra', 'Ghana', '+233'], ['Cape Town', 'South Africa', '+27'], ['Bengaluru', 'India', '+91'], ['Mumbai', 'India', '+91'],
  ['Singapore', 'Singapore', '+65'], ['Tokyo', 'Japan', '+81'], ['Seoul', 'South Korea', '+82'], ['Shanghai', 'China', '+86'],
  ['Ho Chi Minh City', 'Vietnam', '+84'], ['Sydney', 'Australia', '+61'], ['Auckland', 'New Zealand', '+64'],
] as const

export const TOP_LEVEL_DOMAINS = ['com', 'com', 'com', 'io', 'co', 'net', 'org', 'ai', 'dev', 'app'] as const
export const PERSONAL_EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'fastmail.com', 'hey.com'] as const

export const CONTACT_TAGS = ['newsletter', 'webinar', 'vip', 'trial', 'partner', 'churn-risk', 'event-2026', 'beta'] as const
export const COMPANY_TAGS = ['enterprise', 'smb', 'target-account', 'reseller', 'partner'] as const

export const LEAD_SOURCES = [
  'Website form', 'Webinar', 'Referral', 'Trade show', 'LinkedIn', 'Cold outreach', 'Partner', 'Content download', 'Product signup',
] as const
