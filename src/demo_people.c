/*
 * demo_people.c -- the fake people of `ehm demo`: households of one to
 * seven (one or two parents or carers, sometimes a grandparent, children up
 * to 17, a few unborn babies), names of many origins, Exampleshire
 * addresses with UK-shaped postcodes, and their relationships.
 *
 * Every choice comes from one splitmix64 generator seeded from --seed, so
 * a seed always gives the same people; only dates move with today.  NHS
 * numbers and UPNs are derived from each person's sequence number, so they
 * never collide.  Households are built here, in the calling thread; the
 * writer inserts them in units of about UNIT_PEOPLE people (one savepoint
 * and one audit row each), so a million people take a few hundred commits,
 * not a million.  The households go to the early help teams in turn
 * (demo_teams: one for every DEMO_PEOPLE_PER_TEAM people, at least North
 * and South), and each person is created by their household's team's
 * manager (manager.north, manager.south, manager.t02 …), who can open them.
 * Once a unit is stored, each of its households is offered, with its team, to
 * demo_episodes_household (demo_episodes.c), which draws on its own
 * generator, so episodes change nothing about the people.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "demo.h"
#include "demo_date.h"
#include "person.h"
#include "writer.h"

#define UNIT_PEOPLE 5000
#define MAX_HOUSEHOLD 7
#define CAP (UNIT_PEOPLE + MAX_HOUSEHOLD)
#define REPORT_EVERY 50000

static void
copy(char *out, size_t n, const char *s)
{
	size_t l = strlen(s);
	if (l >= n)
		l = n - 1;
	memmove(out, s, l);
	out[l] = '\0';
}

/* ---- name lists ---------------------------------------------------------- */

struct list {
	const char *const *v;
	int n;
};

#define L(...) { (const char *const[]){ __VA_ARGS__ }, \
	(int)(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)) }

enum { ERA_CHILD, ERA_ADULT, ERA_OLDER };

struct origin {
	int weight;                 /* households per thousand */
	struct list family;
	struct list female[3], male[3];   /* by era; an empty era uses ERA_ADULT */
	const char *language;       /* first language of some adults, or NULL */
	int language_pm;            /* adults speaking it, per thousand */
	int interpreter_pm;         /* of those, needing an interpreter */
	int middle_pm;              /* people with a second given name */
	int patronymic;             /* the second given name is a man's name (Somali) */
	int hyphen_pm;              /* double-barrelled family names */
	int married_pm;             /* wives who take their husband's family name */
	struct list wife;           /* family names some wives use instead (Begum…) */
};

enum {
	ENGLISH, WELSH, SCOTTISH, IRISH, POLISH, ROMANIAN, SOMALI, PAKISTANI, BANGLADESHI,
	NIGERIAN, CARIBBEAN, CHINESE, INDIAN, TURKISH, PORTUGUESE, TRAVELLER, ROMA, NORIGINS
};

static const struct origin origins[NORIGINS] = {
	[ENGLISH] = { .weight = 470, .middle_pm = 500, .hyphen_pm = 30, .married_pm = 600,
	    .family = L("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
		"Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
		"Green", "Hall", "Wood", "Jackson", "Clarke", "Clark", "Harris", "Lewis", "Hughes",
		"Edwards", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Baker",
		"Harrison", "Morgan", "Allen", "Parker", "Bennett", "Price", "Shaw", "Cook", "Bell",
		"Mills", "Mitchell", "Carter", "Marshall", "Holmes", "Barker", "Fletcher",
		"Atkinson", "Chapman", "Lloyd", "Webb", "Simpson", "Ellis", "Knight", "Hunt",
		"Dixon", "Lawrence", "Whitfield", "Smyth", "Smithson", "Hargreaves", "Sutcliffe",
		"Ashworth", "Greenwood", "Pickering", "Thorpe", "Stokes", "Bradshaw", "Pearson",
		"Riley", "Foster", "Gibson", "Lane", "Watts", "Hodgson", "Bird", "Newton",
		"Thomson", "Thompsett", "Ainsworth", "Pollard", "Dawson", "Hutchinson"),
	    .female = { L("Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence",
		"Mia", "Willow", "Rosie", "Sophia", "Isabella", "Grace", "Poppy", "Evie", "Ella",
		"Sienna", "Daisy", "Ruby", "Harper", "Elsie", "Millie", "Phoebe", "Matilda",
		"Esme", "Evelyn", "Maisie", "Layla", "Zoë", "Eliza", "Aria", "Violet", "Hallie",
		"Bonnie", "Emily", "Jessica", "Lola"),
		L("Sarah", "Laura", "Emma", "Gemma", "Rebecca", "Amy", "Jessica", "Charlotte",
		"Kirsty", "Stacey", "Danielle", "Hannah", "Chloe", "Lauren", "Natalie", "Kelly",
		"Leanne", "Jade", "Zoe", "Samantha", "Rachel", "Katie", "Sophie", "Holly",
		"Bethany", "Jodie", "Abigail", "Nicola", "Claire", "Lisa", "Michelle", "Victoria",
		"Hayley", "Shannon", "Courtney", "Jane", "Kayleigh", "Toni"),
		L("Susan", "Margaret", "Linda", "Karen", "Julie", "Tracey", "Janet", "Patricia",
		"Christine", "Carol", "Jean", "Sandra", "Elaine", "Angela", "Deborah", "Pauline",
		"Shirley", "Maureen", "Barbara", "Jacqueline", "Wendy", "Lorraine", "Dawn",
		"Brenda", "Valerie", "Sheila", "Gillian", "Denise", "Ann", "Joan") },
	    .male = { L("Oliver", "Noah", "George", "Arthur", "Leo", "Harry", "Oscar", "Archie",
		"Henry", "Theo", "Freddie", "Jack", "Charlie", "Alfie", "Jacob", "Thomas",
		"Lucas", "Isaac", "Finley", "Riley", "Teddy", "Tommy", "Albie", "Reggie",
		"Ronnie", "Jaxon", "Ethan", "Mason", "Harrison", "Louie", "Frankie", "Max",
		"Joshua", "Alexander", "Edward", "Jenson", "Tyler", "Kai"),
		L("James", "Daniel", "Ryan", "Liam", "Jamie", "Lee", "Craig", "Matthew", "Adam",
		"Christopher", "Michael", "Luke", "Jordan", "Kieran", "Callum", "Ashley", "Dean",
		"Scott", "Carl", "Nathan", "Thomas", "Joshua", "Jake", "Connor", "Bradley",
		"Aaron", "Shane", "Wayne", "Darren", "Richard", "Benjamin", "Samuel", "Sam", "Joe",
		"Ben", "Jon", "John", "Stuart"),
		L("David", "John", "Peter", "Stephen", "Paul", "Mark", "Andrew", "Gary", "Robert",
		"Keith", "Colin", "Brian", "Kevin", "Alan", "Trevor", "Derek", "Graham", "Anthony",
		"Malcolm", "Kenneth", "Roger", "Terence", "Dennis", "Raymond", "Philip", "Ian",
		"Nigel", "Martin", "Geoffrey", "Barry") } },
	[WELSH] = { .weight = 40, .middle_pm = 500, .hyphen_pm = 30, .married_pm = 600,
	    .language = "Welsh", .language_pm = 200, .interpreter_pm = 10,
	    .family = L("Jones", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis",
		"Morgan", "Griffiths", "Owen", "Price", "Rees", "Pritchard", "Lloyd", "Bowen",
		"Powell", "Llewellyn", "Vaughan", "Jenkins", "Parry", "Pugh", "Probert", "Bevan",
		"Williams", "Edwards", "Phillips", "Howells", "Prosser", "ap Rhys"),
	    .female = { L("Seren", "Ffion", "Mali", "Efa", "Alys", "Megan", "Cerys", "Nia",
		"Lowri", "Eira", "Elin", "Gwen", "Catrin", "Lili"),
		L("Cerys", "Megan", "Ffion", "Nia", "Carys", "Bethan", "Sioned", "Gwenllian",
		"Angharad", "Rhiannon", "Siân", "Sian", "Lowri", "Eleri", "Manon") },
	    .male = { L("Osian", "Ioan", "Macsen", "Tomos", "Cai", "Gruffydd", "Harri", "Dylan",
		"Rhys", "Elis", "Jac", "Iestyn", "Llew"),
		L("Rhys", "Dylan", "Gethin", "Dafydd", "Iwan", "Owain", "Aled", "Gareth", "Emyr",
		"Rhodri", "Huw", "Geraint", "Dewi", "Gwyn", "Bryn") } },
	[SCOTTISH] = { .weight = 50, .middle_pm = 500, .hyphen_pm = 20, .married_pm = 600,
	    .family = L("MacDonald", "McDonald", "Campbell", "Stewart", "Robertson", "Murray",
		"MacLeod", "Fraser", "Reid", "McKenzie", "Mackenzie", "Ross", "Paterson",
		"Morrison", "Mackay", "Sinclair", "Buchanan", "McGregor", "Gillespie", "Cameron",
		"Graham", "Ferguson", "Kerr", "Duncan", "Hamilton", "Boyle", "Munro", "McLean",
		"MacLean", "Crawford"),
	    .female = { L("Isla", "Eilidh", "Skye", "Ailsa", "Iona", "Mhairi", "Freya", "Esme",
		"Rowan", "Ava", "Orla", "Sophie"),
		L("Morag", "Catriona", "Kirsty", "Fiona", "Shona", "Mhairi", "Rhona", "Eilidh",
		"Lorna", "Heather", "Ailsa", "Gillian", "Elspeth", "Karen") },
	    .male = { L("Finlay", "Lachlan", "Euan", "Callum", "Rory", "Harris", "Brodie",
		"Fraser", "Ruaridh", "Angus", "Lewis", "Alfie"),
		L("Callum", "Calum", "Angus", "Euan", "Ewan", "Hamish", "Alasdair", "Alistair",
		"Iain", "Craig", "Fraser", "Ross", "Gregor", "Duncan", "Stuart") } },
	[IRISH] = { .weight = 40, .middle_pm = 400, .hyphen_pm = 10, .married_pm = 600,
	    .family = L("O'Brien", "O'Connor", "O'Neill", "Murphy", "Kelly", "Byrne", "Ryan",
		"Walsh", "O'Sullivan", "McCarthy", "Doyle", "Kennedy", "Lynch", "Gallagher",
		"Quinn", "Fitzgerald", "O'Reilly", "O'Donnell", "Nolan", "Brennan", "Flanagan",
		"Keane", "O'Shea", "Ó Súilleabháin", "McLaughlin", "Daly"),
	    .female = { L("Aoife", "Saoirse", "Róisín", "Caoimhe", "Niamh", "Ciara", "Aisling",
		"Orla", "Clodagh", "Éabha", "Sadhbh", "Fiadh"),
		L("Siobhán", "Siobhan", "Niamh", "Sinéad", "Bridget", "Mairéad", "Gráinne",
		"Orla", "Deirdre", "Aoife", "Ciara", "Colette", "Roisin") },
	    .male = { L("Oisín", "Cian", "Darragh", "Fionn", "Tadhg", "Conor", "Seán",
		"Ciarán", "Rían", "Cillian", "Liam", "Jack"),
		L("Seán", "Sean", "Patrick", "Padraig", "Conor", "Declan", "Eoin", "Niall",
		"Ciarán", "Kieran", "Brendan", "Colm", "Donal", "Fergal") } },
	[POLISH] = { .weight = 55, .middle_pm = 100, .married_pm = 700,
	    .language = "Polish", .language_pm = 550, .interpreter_pm = 250,
	    .family = L("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
		"Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
		"Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski",
		"Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Nowicki", "Majewski",
		"Olszewski", "Stępień", "Górecki", "Sadowski"),
	    .female = { L("Zuzanna", "Julia", "Zofia", "Hanna", "Maja", "Lena", "Wiktoria",
		"Oliwia", "Alicja", "Łucja", "Amelia", "Pola", "Laura"),
		L("Agnieszka", "Katarzyna", "Małgorzata", "Anna", "Magdalena", "Joanna", "Monika",
		"Ewa", "Justyna", "Marta", "Karolina", "Dorota", "Aleksandra", "Paulina", "Beata") },
	    .male = { L("Antoni", "Jan", "Aleksander", "Franciszek", "Nikodem", "Szymon", "Filip",
		"Kacper", "Jakub", "Stanisław", "Mikołaj", "Wojciech", "Ignacy"),
		L("Łukasz", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub",
		"Mateusz", "Grzegorz", "Bartosz", "Wojciech", "Dariusz", "Przemysław", "Rafał") } },
	[ROMANIAN] = { .weight = 35, .middle_pm = 200, .married_pm = 700,
	    .language = "Romanian", .language_pm = 600, .interpreter_pm = 300,
	    .family = L("Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stoica",
		"Stan", "Gheorghe", "Matei", "Constantin", "Munteanu", "Dinu", "Lungu",
		"Moldovan", "Ștefan", "Niculescu", "Tănase", "Rusu", "Marin", "Ciobanu",
		"Dragomir", "Neagu", "Bălan"),
	    .female = { L("Sofia", "Maria", "Daria", "Ioana", "Eva", "Ana-Maria", "Bianca",
		"Alesia", "Antonia", "Ilinca", "Natalia"),
		L("Elena", "Ioana", "Maria", "Andreea", "Alexandra", "Mihaela", "Cristina",
		"Gabriela", "Alina", "Florentina", "Roxana", "Simona", "Georgiana", "Ana-Maria") },
	    .male = { L("David", "Luca", "Matei", "Ștefan", "Andrei", "Alexandru", "Rareș",
		"Tudor", "Darius", "Mihai", "Sebastian", "Eduard"),
		L("Andrei", "Alexandru", "Ionuț", "Mihai", "Gabriel", "Florin", "Marius",
		"Ștefan", "Cristian", "Bogdan", "Adrian", "Costel", "Vasile", "Nicolae",
		"Daniel") } },
	[SOMALI] = { .weight = 20, .middle_pm = 700, .patronymic = 1, .married_pm = 0,
	    .language = "Somali", .language_pm = 650, .interpreter_pm = 400,
	    .family = L("Mohamed", "Mohammed", "Ahmed", "Hassan", "Ali", "Abdi", "Farah",
		"Omar", "Osman", "Warsame", "Jama", "Hersi", "Nur", "Adan", "Aden", "Yusuf",
		"Abdullahi", "Ismail", "Egal", "Duale", "Hussein"),
	    .female = { L("Hodan", "Amina", "Ayan", "Hibo", "Sahra", "Ifrah", "Nasra", "Muna",
		"Safiya", "Maryam", "Hafsa", "Sumaya", "Iman"),
		L("Faadumo", "Fadumo", "Amina", "Hodan", "Khadra", "Ubah", "Deeqa", "Halima",
		"Sahra", "Asha", "Hawa", "Fartun", "Ruqiya") },
	    .male = { L("Abdirahman", "Abdullahi", "Mohamed", "Yusuf", "Ayub", "Bashir", "Hamza",
		"Ibrahim", "Ilyas", "Zakariye", "Khalid", "Musa"),
		L("Abdirahman", "Abdullahi", "Mohamed", "Mohamud", "Hassan", "Ahmed", "Abdi",
		"Yusuf", "Omar", "Abdikarim", "Abdiqadir", "Liban", "Mukhtar") } },
	[PAKISTANI] = { .weight = 45, .middle_pm = 400, .married_pm = 450,
	    .language = "Urdu", .language_pm = 350, .interpreter_pm = 200,
	    .family = L("Khan", "Hussain", "Hussein", "Ahmed", "Ali", "Shah", "Iqbal", "Akhtar",
		"Mahmood", "Mahmud", "Rehman", "Butt", "Malik", "Raja", "Chaudhry", "Mirza",
		"Qureshi", "Bashir", "Javed", "Anwar", "Riaz", "Aslam"),
	    .wife = L("Bibi", "Begum", "Akhtar", "Kauser"),
	    .female = { L("Maryam", "Zainab", "Aisha", "Ayesha", "Fatima", "Hafsa", "Inaya",
		"Khadija", "Safa", "Alishba", "Eman", "Hania", "Zoya"),
		L("Ayesha", "Aisha", "Fatima", "Nadia", "Samina", "Shazia", "Rubina", "Nasreen",
		"Parveen", "Sana", "Saima", "Amina", "Farzana", "Kiran", "Uzma") },
	    .male = { L("Muhammad", "Mohammed", "Mohammad", "Ibrahim", "Yusuf", "Hamza", "Zain",
		"Ayaan", "Rayyan", "Musa", "Zakariya", "Adam", "Eesa"),
		L("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed", "Imran", "Bilal",
		"Usman", "Asif", "Tariq", "Kamran", "Naveed", "Shahid", "Zahid", "Adnan") } },
	[BANGLADESHI] = { .weight = 25, .middle_pm = 400, .married_pm = 350,
	    .language = "Bengali", .language_pm = 450, .interpreter_pm = 250,
	    .family = L("Rahman", "Miah", "Uddin", "Ahmed", "Islam", "Hussain", "Chowdhury",
		"Choudhury", "Ali", "Hoque", "Haque", "Hassan", "Khan", "Alam", "Sarkar", "Karim",
		"Mia"),
	    .wife = L("Begum", "Khatun", "Bibi"),
	    .female = { L("Ayesha", "Maryam", "Jannat", "Sumaiya", "Tasnim", "Nusrat", "Anika",
		"Inaya", "Safa", "Zara", "Aleena"),
		L("Nasima", "Shirin", "Rehana", "Ruksana", "Salma", "Shahena", "Tahmina",
		"Rokeya", "Fahmida", "Jesmin", "Shamima", "Sufia", "Rina") },
	    .male = { L("Mohammed", "Muhammad", "Ayaan", "Rayan", "Zayan", "Ibrahim", "Yusuf",
		"Arham", "Ismail", "Rafi", "Eshan"),
		L("Mohammed", "Mohammad", "Md", "Abdul", "Shahid", "Rahim", "Jamal", "Sayed",
		"Rafiq", "Anwar", "Kamal", "Shahin", "Abul", "Nazrul", "Habib") } },
	[NIGERIAN] = { .weight = 30, .middle_pm = 600, .married_pm = 700,
	    .language = "Yoruba", .language_pm = 120, .interpreter_pm = 80,
	    .family = L("Okafor", "Adeyemi", "Okonkwo", "Adebayo", "Eze", "Nwosu", "Obi",
		"Balogun", "Afolabi", "Ogunleye", "Okoro", "Bello", "Olatunji", "Chukwu",
		"Onyeka", "Akinola", "Adeleke", "Oyelaran", "Nwachukwu", "Olawale", "Uche",
		"Ibekwe"),
	    .female = { L("Chiamaka", "Adaeze", "Amara", "Ifeoma", "Tolani", "Oluwadamilola",
		"Temiloluwa", "Precious", "Favour", "Zara", "Ayomide", "Kamsiyochukwu"),
		L("Chioma", "Ngozi", "Funmilayo", "Folake", "Oluwatoyin", "Temitope", "Blessing",
		"Bukola", "Nkechi", "Adaobi", "Yetunde", "Abimbola", "Grace", "Ruth") },
	    .male = { L("Chidera", "Oluwaseun", "Tobenna", "Emmanuel", "David", "Daniel",
		"Samuel", "Joshua", "Jayden", "Tobi", "Ebuka", "Oluwatobi"),
		L("Chinedu", "Emeka", "Tunde", "Femi", "Chukwuemeka", "Ayodele", "Obinna",
		"Ifeanyi", "Olumide", "Segun", "Kunle", "Babatunde", "Nnamdi", "Kelechi") } },
	[CARIBBEAN] = { .weight = 35, .middle_pm = 500, .hyphen_pm = 20, .married_pm = 500,
	    .family = L("Campbell", "Brown", "Williams", "Thompson", "Francis", "Grant",
		"Clarke", "Reid", "Morgan", "Bailey", "Richards", "Henry", "Walters", "Ellis",
		"Gayle", "McKenzie", "Forbes", "Samuels", "Bryan", "Powell", "Robinson",
		"Spencer", "Lewis", "Johnson", "Edwards"),
	    .female = { L("Nia", "Amani", "Imani", "Jada", "Kiara", "Zuri", "Aaliyah", "Tiana",
		"Nevaeh", "Destiny", "Amara", "Ruby"),
		L("Marcia", "Simone", "Shanice", "Keisha", "Tanisha", "Janelle", "Sonia", "Donna",
		"Charmaine", "Jasmine", "Natasha", "Tamika", "Kerry-Ann"),
		L("Hyacinth", "Gloria", "Pearline", "Verona", "Icilda", "Beverley", "Paulette",
		"Marcia", "Joyce") },
	    .male = { L("Isaiah", "Malachi", "Josiah", "Kai", "Elijah", "Tyrese", "Jayden",
		"Micah", "Zion", "Kobe", "Reuben", "Nathaniel"),
		L("Marcus", "Jermaine", "Leon", "Tyrone", "Andre", "Kemar", "Devon", "Dwayne",
		"Rohan", "Shaun", "Damian", "Omari"),
		L("Winston", "Delroy", "Errol", "Everton", "Lloyd", "Neville", "Desmond",
		"Clive", "Cecil") } },
	[CHINESE] = { .weight = 20, .middle_pm = 0, .married_pm = 100,
	    .language = "Mandarin", .language_pm = 400, .interpreter_pm = 250,
	    .family = L("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",
		"Zhou", "Lin", "Chan", "Wong", "Cheung", "Lam", "Ng", "Ho", "Leung", "Tang",
		"Lau", "Yip"),
	    .female = { L("Xinyi", "Zixuan", "Yutong", "Chloe", "Grace", "Emily", "Jasmine",
		"Ruoxi", "Mei", "Ella"),
		L("Mei", "Li Na", "Xiu Ying", "Ying", "Jing", "Yan", "Hui", "Ling", "Xiaoling",
		"Fang", "Wing Yee", "Mandy") },
	    .male = { L("Haoran", "Zihan", "Yuxuan", "Ethan", "Jason", "Ryan", "Lucas", "Junhao",
		"Kai", "Max"),
		L("Wei", "Jun", "Hao", "Jian", "Ming", "Yi", "Jianhua", "Zhiwei", "Ka Ho",
		"Wai Keung", "Kevin", "Jason") } },
	[INDIAN] = { .weight = 40, .middle_pm = 200, .married_pm = 750,
	    .language = "Punjabi", .language_pm = 300, .interpreter_pm = 150,
	    .family = L("Patel", "Sharma", "Singh", "Gupta", "Kumar", "Shah", "Mistry", "Desai",
		"Joshi", "Mehta", "Gill", "Sandhu", "Dhillon", "Chauhan", "Reddy", "Nair",
		"Pillai", "Bhatt", "Parmar", "Rana", "Verma", "D'Souza", "Singh"),
	    .female = { L("Aanya", "Diya", "Anika", "Myra", "Riya", "Saanvi", "Kiara", "Ishani",
		"Simran", "Navya", "Avni"),
		L("Priya", "Anjali", "Sunita", "Pooja", "Neha", "Kavita", "Simran", "Harpreet",
		"Manpreet", "Meera", "Deepa", "Rekha", "Sangeeta", "Jaspreet", "Nisha") },
	    .male = { L("Aarav", "Vihaan", "Krish", "Arjun", "Ishaan", "Dev", "Reyansh", "Kabir",
		"Rohan", "Aryan", "Veer"),
		L("Arjun", "Rohan", "Rahul", "Vikram", "Sanjay", "Rajesh", "Amit", "Harpreet",
		"Gurpreet", "Jaspreet", "Suresh", "Vijay", "Sunil", "Manoj", "Ravi") } },
	[TURKISH] = { .weight = 20, .middle_pm = 200, .married_pm = 750,
	    .language = "Turkish", .language_pm = 500, .interpreter_pm = 300,
	    .family = L("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
		"Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin",
		"Kara", "Koç", "Kurt", "Özkan", "Polat"),
	    .female = { L("Zeynep", "Elif", "Defne", "Ecrin", "Asel", "Azra", "Nehir", "Eylül",
		"Zehra", "Meryem", "Lina"),
		L("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Esra",
		"Büşra", "Gülsüm", "Sevgi", "Özlem", "Derya", "Hülya", "Nur") },
	    .male = { L("Yusuf", "Eymen", "Ömer", "Mustafa", "Kerem", "Aras", "Miraç",
		"Alparslan", "Emir", "Ali", "Göktuğ"),
		L("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Emre",
		"Burak", "Murat", "Serkan", "Okan", "Kemal", "Osman", "İsmail") } },
	[PORTUGUESE] = { .weight = 25, .middle_pm = 600, .married_pm = 300,
	    .language = "Portuguese", .language_pm = 500, .interpreter_pm = 250,
	    .family = L("Silva", "da Silva", "Santos", "dos Santos", "Ferreira", "Pereira",
		"Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "de Sousa", "Fernandes",
		"Gonçalves", "Gomes", "Lopes", "Marques", "Almeida", "Ribeiro", "Carvalho",
		"Teixeira", "Correia"),
	    .female = { L("Maria", "Beatriz", "Mariana", "Leonor", "Matilde", "Carolina",
		"Alice", "Benedita", "Inês", "Francisca", "Margarida"),
		L("Maria", "Ana", "Joana", "Catarina", "Sofia", "Inês", "Conceição", "Fátima",
		"Rita", "Sónia", "Patrícia", "Cláudia", "Vânia", "Sandra") },
	    .male = { L("Francisco", "Afonso", "Tomás", "Duarte", "Santiago", "Martim",
		"Rodrigo", "Lourenço", "Gabriel", "Salvador", "Vicente"),
		L("João", "José", "António", "Francisco", "Miguel", "Pedro", "Tiago", "Rui",
		"Nuno", "Paulo", "Hugo", "Bruno", "Luís", "Ricardo", "Sérgio") } },
	[TRAVELLER] = { .weight = 25, .middle_pm = 250, .married_pm = 800,
	    .family = L("Ward", "McDonagh", "Joyce", "Maughan", "Doherty", "Connors", "Stokes",
		"Delaney", "Price", "Lee", "Smith", "Boswell", "Loveridge", "Lovell", "Buckley",
		"Cash", "Gaskin", "Keet", "Draper", "Finney", "McGinley", "Quilligan"),
	    .female = { L("Bridget", "Mary", "Kathleen", "Shannon", "Tiffany", "Crystal", "Dolly",
		"Rosie", "Margaret", "Bernadette", "Chelsea", "Tianna"),
		L("Bridget", "Mary", "Margaret", "Kathleen", "Nora", "Winnie", "Esther", "Rose",
		"Caroline", "Nellie", "Theresa", "Ann Marie", "Julie", "Shannon") },
	    .male = { L("Johnny", "Patrick", "Martin", "Michael", "Jimmy", "Tommy", "Levi",
		"Noah", "Elijah", "Mikey", "Bartley", "Joe"),
		L("John", "Johnny", "Patrick", "Martin", "Michael", "Tom", "James", "Edward",
		"Christy", "Bartley", "Jimmy", "Sonny", "Levi", "Joe") } },
	[ROMA] = { .weight = 25, .middle_pm = 100, .married_pm = 700,
	    .language = "Romani", .language_pm = 450, .interpreter_pm = 300,
	    .family = L("Lakatos", "Balogh", "Balog", "Horváth", "Oláh", "Kolompár", "Rostás",
		"Sárközi", "Orsós", "Kovács", "Bogdán", "Duda", "Gabor", "Lăcătuș", "Căldărar",
		"Mirga", "Siwak", "Pompa"),
	    .female = { L("Esmeralda", "Nikoletta", "Vanessa", "Denisa", "Natália", "Alexandra",
		"Zsófia", "Bianka", "Kiara", "Melissa"),
		L("Erzsébet", "Mária", "Ilona", "Zsuzsanna", "Anikó", "Renáta", "Krisztina",
		"Denisa", "Jana", "Margita", "Florica", "Veronika") },
	    .male = { L("Dávid", "Patrik", "Roland", "Denis", "Richard", "Márk", "Krisztián",
		"Dominik", "Mario", "Lukas", "Kevin"),
		L("Ferenc", "Lajos", "Tibor", "József", "Zoltán", "László", "Gyula", "Jozef",
		"Milan", "Ion", "Marian", "Róbert", "Attila") } },
};

/* ---- Exampleshire addresses ---------------------------------------------------- */

struct town {
	const char *name;
	int first, nd;     /* postcode districts EX<first> … EX<first + nd - 1> */
	int slots;         /* share of streets, in slots */
};

/* Every town has at least 3 districts, so inward codes below never repeat. */
static const struct town towns[] = {
	{ "Northgate", 1, 4, 3 }, { "Southmere", 5, 4, 3 }, { "Eastbrook", 9, 3, 2 },
	{ "Westby Magna", 12, 3, 1 }, { "Ashby Cross", 15, 3, 1 }, { "Kingsford", 18, 3, 1 },
	{ "Millbridge", 21, 3, 1 }, { "Hollowell", 24, 3, 1 }, { "Stanton Fen", 27, 3, 1 },
	{ "Redcastle", 30, 3, 1 }, { "Little Wexley", 33, 3, 1 }, { "Oakhurst", 36, 3, 1 },
};
#define NTOWNS ((int)(sizeof towns / sizeof towns[0]))
#define NSLOTS 17        /* sum of towns[].slots */

static const struct list streets = L("Mill", "Church", "Station", "High", "Victoria",
	"Albert", "Queen's", "King's", "Park", "Grove", "Chapel", "Springfield", "Meadow",
	"Orchard", "Willow", "Elm", "Oak", "Ash", "Beech", "Cedar", "Birch", "Hawthorn", "Holly",
	"Rowan", "Sycamore", "Chestnut", "Larch", "Maple", "Poplar", "Hazel", "Primrose",
	"Bluebell", "Foxglove", "Heather", "Clover", "Lavender", "Juniper", "Laurel", "Ivy",
	"Myrtle", "Riverside", "Brook", "Bridge", "Ferry", "Harbour", "Quay", "Canal", "Lock",
	"Weir", "Wharf", "Castle", "Abbey", "Priory", "Minster", "Market", "Fair", "Cross",
	"Tower", "Manor", "Grange", "Hall", "Lodge", "Rectory", "Vicarage", "School", "College",
	"Forge", "Tannery", "Brewery", "Foundry", "Kiln", "Windmill", "Waterloo", "Trafalgar",
	"Nelson", "Wellington", "Marlborough", "Cromwell", "Jubilee", "Coronation", "Gladstone",
	"Balmoral", "Windsor", "Sandringham", "St John's", "St Mary's", "St Peter's",
	"St Andrew's", "Hill", "Ridge", "Valley", "Dale", "Moor", "Heath", "Common", "Green",
	"Field", "Acre", "Copse", "Spinney");
static const struct list street_types = L("Street", "Road", "Lane", "Avenue", "Close",
	"Drive", "Way", "Crescent", "Gardens", "Place", "Terrace", "Court", "Walk", "Mews",
	"Rise", "View");

/* A street is cut into SECTIONS stretches of SECTION_HOUSES numbers, one postcode each. */
#define SECTIONS 6
#define SECTION_HOUSES 30
static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";   /* 20, as Royal Mail uses */

/* ---- the generator --------------------------------------------------------------- */

struct gen {
	uint64_t s;            /* splitmix64 state */
	long today;            /* days since 1970-01-01 */
	long pool;             /* postcode units in use (fewer people, more sharing) */
	long seq;              /* people made so far */
	long households;
	int teams;             /* early help teams the households go to in turn */
	unsigned *unit_used;   /* households given each postcode unit so far */
	int slot_town[NSLOTS], slot_rank[NSLOTS];
};

static uint64_t
next(struct gen *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32. */
static long
rnd(struct gen *g, long n)
{
	return (long)(((next(g) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability p per thousand. */
static int
pm(struct gen *g, int p)
{
	return rnd(g, 1000) < p;
}

static const char *
pick(struct gen *g, const struct list *l)
{
	return l->v[rnd(g, l->n)];
}

static int
pick_origin(struct gen *g)
{
	long r = rnd(g, 1000);
	for (int o = 0; o < NORIGINS; o++) {
		if (r < origins[o].weight)
			return o;
		r -= origins[o].weight;
	}
	return ENGLISH;
}

/* A date of birth that makes someone exactly `age` today (kept clear of birthdays' edges). */
static void
birth_date(struct gen *g, int age, char out[16])
{
	civil(g->today - (long)age * 36525 / 100 - 1 - rnd(g, 363), out);
}

/* A family name as a woman bears it: Kowalski → Kowalska, Singh → Kaur. */
static void
gendered(const char *family, int female, char *out, size_t n)
{
	copy(out, n, family);
	if (!female)
		return;
	size_t l = strlen(out);
	if (!strcmp(out, "Singh"))
		copy(out, n, "Kaur");
	else if (l >= 3 && out[l - 1] == 'i' && out[l - 2] == 'k' &&
	    (out[l - 3] == 's' || out[l - 3] == 'c' || out[l - 3] == 'z'))
		out[l - 1] = 'a';
}

/* A family name of origin o, now and then double-barrelled. */
static void
family_name(struct gen *g, int o, char *out, size_t n)
{
	const struct origin *or = &origins[o];
	const char *a = pick(g, &or->family);
	if (or->hyphen_pm && pm(g, or->hyphen_pm)) {
		const char *b = pick(g, &or->family);
		if (strcmp(a, b) && !strchr(a, ' ') && !strchr(b, ' ')) {
			fmt(out, n, "%s-%s", a, b);
			return;
		}
	}
	copy(out, n, a);
}

static const struct list *
given_list(int o, int female, int age)
{
	const struct origin *or = &origins[o];
	int era = age < 18 ? ERA_CHILD : age < 50 ? ERA_ADULT : ERA_OLDER;
	const struct list *l = female ? &or->female[era] : &or->male[era];
	if (l->n == 0)
		l = female ? &or->female[ERA_ADULT] : &or->male[ERA_ADULT];
	return l;
}

/* Mohammed, Muhammad, Mohamed, Mohamud, Md…: one of them is enough in a name. */
static int
muhammad(const char *s)
{
	return !strcmp(s, "Md") || (s[0] == 'M' && (strstr(s, "hamm") || strstr(s, "hame") ||
	    strstr(s, "hamu")));
}

/* Given names: one, often two; UK-born children of other origins sometimes get English names. */
static void
given_names(struct gen *g, int o, int female, int age, char *out, size_t n)
{
	if (age < 18 && o != ENGLISH && pm(g, 200))
		o = ENGLISH;
	const struct list *l = given_list(o, female, age);
	const char *first = pick(g, l);
	const struct origin *or = &origins[o];
	if (or->middle_pm && pm(g, or->middle_pm)) {
		const char *second = or->patronymic ? pick(g, &or->male[ERA_ADULT]) : pick(g, l);
		if (strcmp(first, second) && !(muhammad(first) && muhammad(second))) {
			fmt(out, n, "%s %s", first, second);
			return;
		}
	}
	copy(out, n, first);
}

static void
address(struct gen *g, char *addr, size_t an, char *pc, size_t pn)
{
	long i = rnd(g, g->pool);
	long j = i / SECTIONS, k = i % SECTIONS;
	int slot = (int)(j % NSLOTS);
	int t = g->slot_town[slot];
	const struct town *tw = &towns[t];
	long m = (j / NSLOTS) * tw->slots + g->slot_rank[slot];   /* the town's m-th street */
	const char *name = streets.v[(m + t * 7) % streets.n];
	const char *type = street_types.v[(m / streets.n + t * 3) % street_types.n];
	int district = tw->first + (int)(m % tw->nd);
	long ord = (m / tw->nd) * SECTIONS + k;                   /* < 4000: see demo_people */
	long code = (ord * 1237 + 311 * t + 91) % 4000;          /* a bijection of ord */
	long letters = code % 400;
	fmt(pc, pn, "EX%d %ld%c%c", district, code / 400, inward_letters[letters / 20],
	    inward_letters[letters % 20]);
	/*
	 * The unit's c-th household gets its own house number (a fixed shuffle of the
	 * stretch); once all are taken, further households get flats 13 and up, so two
	 * households never share an address.
	 */
	unsigned c = g->unit_used[i]++;
	long house = k * SECTION_HOUSES + 1 + (c % SECTION_HOUSES * 7 + i) % SECTION_HOUSES;
	long flat = c >= SECTION_HOUSES ? 12 + c / SECTION_HOUSES : pm(g, 150) ? 1 + rnd(g, 12) : 0;
	if (flat)
		fmt(addr, an, "Flat %ld, %ld %s %s, %s", flat, house, name, type, tw->name);
	else
		fmt(addr, an, "%ld %s %s, %s", house, name, type, tw->name);
}

/*
 * NHS number from a sequence number: 9 digits in the unallocated 900-919 range and a
 * modulus-11 check digit.  Each person owns the pair 2p, 2p+1 (p a permutation of the
 * sequence number); if 2p has no valid check digit, 2p+1 has one (its weighted sum is 2
 * more), so numbers are valid and unique for up to 10,000,000 people.
 */
static int
nhs_check(long nine)
{
	int sum = 0;
	for (int w = 2; w <= 10; w++, nine /= 10)
		sum += (int)(nine % 10) * w;
	int c = 11 - sum % 11;
	return c == 11 ? 0 : c;
}

static void
nhs_number(long seq, char out[16])
{
	long p = 900000000L + 2 * ((seq * 7919L + 12345L) % 10000000L);
	int c = nhs_check(p);
	if (c == 10) {
		p++;
		c = nhs_check(p);
	}
	fmt(out, 16, "%09ld%d", p, c);
}

/* UPN: check letter + LA 980 + 9 digits from a permutation of the sequence number. */
static void
upn(long seq, char out[16])
{
	char d[16];
	fmt(d, sizeof d, "980%09ld", (seq * 7727L + 4099L) % 1000000000L);
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (d[i] - '0') * (i + 2);
	fmt(out, 16, "%c%s", "ABCDEFGHJKLMNPQRTUVWXYZ"[sum % 23], d);
}

/* ---- a batch: people, households and relationships for one writer unit ------------ */

struct dp {
	char family[96], given[96], prev[128], dob[16], edd[16], nhs[16], upn[16];
	const char *gender, *language;
	long est_age;
	int unborn, withheld, interpreter, hh;
	int adult, age, female;    /* for demo_episodes */
};

struct dh {
	char address[128], postcode[16];
	int nfa, creator;       /* creator: the household's team (its manager made them) */
};

struct dr {
	int a, b, dnp;
	const char *a_is;
};

struct batch {
	int np, nh, nr;
	struct dp p[CAP];
	struct dh h[CAP];
	struct dr r[CAP * 4];     /* a household of n has at most n(n-1)/2 ≤ 3n relationships */
	long long id[CAP];
};

/* ---- households ------------------------------------------------------------------ */

enum { H_COUPLE_KIDS, H_SINGLE_KIDS, H_SINGLE, H_COUPLE, H_THREE_GEN, H_KINSHIP, H_FOSTER,
	NTYPES };
static const int type_pm[NTYPES] = { 390, 250, 130, 80, 80, 40, 30 };
static const int kids_pm[5] = { 330, 330, 190, 90, 60 };    /* 1 … 5 children */

struct mem {
	int adult, grand, age;     /* age -1: unborn */
	int female;                /* names and family-name form */
	const char *gender;
	int origin;
	char family[96];           /* unsexed form */
	char maiden[96];           /* birth family name of someone who married into another */
	int maiden_recorded;
	char prev_family[96];      /* a former married name (a mother who went back to hers) */
	unsigned parents;          /* children: bit i set when adult i is their parent */
	int twin;                  /* shares the previous child's date of birth */
};

static const char *
parent_word(const char *gender)
{
	return !strcmp(gender, "female") ? "mother" : !strcmp(gender, "male") ? "father" : "parent";
}

static void
child_ages(struct gen *g, int k, int *ages, int *twin)
{
	if (k == 0)
		return;
	ages[0] = (k - 1) + (int)rnd(g, 18 - (k - 1));
	twin[0] = 0;
	for (int i = 1; i < k; i++) {
		int after = k - 1 - i;
		int room = ages[i - 1] - after;     /* the largest gap that still fits the rest */
		int gap = room <= 0 || pm(g, 20) ? 0 : 1 + (int)rnd(g, room < 4 ? room : 4);
		ages[i] = ages[i - 1] - gap;
		twin[i] = gap == 0;
	}
}

static void
set_adult(struct mem *m, int female, int age, int origin)
{
	m->adult = 1;
	m->female = female;
	m->gender = female ? "female" : "male";
	m->age = age < 17 ? 17 : age > 96 ? 96 : age;
	m->origin = origin;
	m->parents = 0;
}

/* Add one person to the batch; returns their index. */
static int
emit(struct gen *g, struct batch *b, const struct mem *m, int hh, const char *home_language,
    const char *twin_dob)
{
	struct dp *p = &b->p[b->np];
	long seq = g->seq++;
	memset(p, 0, sizeof *p);
	p->hh = hh;
	p->est_age = -1;
	p->gender = m->gender;
	p->adult = m->adult;
	p->age = m->age;
	p->female = m->female;
	gendered(m->family, m->female, p->family, sizeof p->family);
	const struct origin *or = &origins[m->origin];
	if (m->age < 0) {
		p->unborn = 1;
		copy(p->given, sizeof p->given, "Baby");
		civil(g->today + 7 + rnd(g, 264), p->edd);
	} else {
		given_names(g, m->origin, m->female, m->age, p->given, sizeof p->given);
		if (m->adult && pm(g, 20))
			p->est_age = pm(g, 500) ? m->age : (m->age + 2) / 5 * 5;
		else if (twin_dob)
			copy(p->dob, sizeof p->dob, twin_dob);
		else
			birth_date(g, m->age, p->dob);
	}
	if (m->adult) {
		char first[96], fam[96];
		copy(first, sizeof first, p->given);
		char *sp = strchr(first, ' ');
		if (sp)
			*sp = '\0';
		/* "Jane Smith": a family name with a space would be misread as a given name. */
		const char *was = m->maiden[0] && m->maiden_recorded ? m->maiden : m->prev_family;
		if (*was && !strchr(was, ' ')) {
			gendered(was, m->female, fam, sizeof fam);
			fmt(p->prev, sizeof p->prev, "%s %s", first, fam);
		}
		if (or->language && pm(g, or->language_pm)) {
			p->language = or->language;
			p->interpreter = pm(g, or->interpreter_pm);
		} else
			p->language = pm(g, 900) ? "English" : "";
	} else {
		if (home_language && m->age >= 0 && m->age < 5 && pm(g, 300))
			p->language = home_language;
		else
			p->language = m->age < 0 ? "" : pm(g, 880) ? "English" : "";
		if (!p->unborn && pm(g, 300))
			nhs_number(seq, p->nhs);
		if (m->age >= 4 && pm(g, 200))
			upn(seq, p->upn);
	}
	return b->np++;
}

static void
relate(struct gen *g, struct batch *b, int a, int bb, const char *a_is, int dnp)
{
	struct dr *r = &b->r[b->nr++];
	r->a = a;
	r->b = bb;
	r->a_is = a_is;
	r->dnp = dnp || pm(g, 15);
}

/* One household of at most `room` people into the batch. */
static void
household(struct gen *g, struct batch *b, int room)
{
	struct mem m[MAX_HOUSEHOLD];
	memset(m, 0, sizeof m);
	int type = 0;
	for (long r = rnd(g, 1000); type < NTYPES - 1 && r >= type_pm[type]; type++)
		r -= type_pm[type];
	int o = pick_origin(g);
	int po = pm(g, 120) ? (pm(g, 600) ? ENGLISH : pick_origin(g)) : o;   /* a partner's */
	int kids = 0;
	if (type != H_SINGLE && type != H_COUPLE) {
		kids = 1;
		for (long r = rnd(g, 1000); kids < 5 && r >= kids_pm[kids - 1]; kids++)
			r -= kids_pm[kids - 1];
	}
	/* The last household of the run fills what room is left. */
	if (room < MAX_HOUSEHOLD) {
		type = room == 1 ? H_SINGLE : H_SINGLE_KIDS;
		kids = room - 1;
	}
	int ages[5], twin[5];
	child_ages(g, kids, ages, twin);
	int eldest = kids ? ages[0] : 0;
	int kid_origin = po != o && pm(g, 500) ? po : o;
	int n = 0, nadults = 0, sibgroup = 1;
	char f0[96], f1[96], absent[96];
	family_name(g, o, f0, sizeof f0);
	family_name(g, po, f1, sizeof f1);
	family_name(g, o, absent, sizeof absent);

	/* Adults first: m[0] the main parent or carer. */
	char kf[200];                 /* the children's family name; "" for hyphenated */
	copy(kf, sizeof kf, f0);
	unsigned joint = 1;           /* parents of the children born to this household */
	int step = 0;                 /* children born before: m[0]'s only */
	switch (type) {
	case H_COUPLE_KIDS:
	case H_COUPLE:
	case H_THREE_GEN: {
		int two = type != H_THREE_GEN || pm(g, 250);
		int age0 = kids ? eldest + (type == H_THREE_GEN ? 16 + (int)rnd(g, 14)
		    : 17 + (int)rnd(g, 12) + (int)rnd(g, 12)) : 18 + (int)rnd(g, 60);
		long r = rnd(g, 1000);
		int fem0 = type == H_THREE_GEN && !two ? pm(g, 900) : r < 985;
		int fem1 = r < 965 ? 0 : r < 985 ? 1 : 0;
		set_adult(&m[n], fem0, age0, o);
		copy(m[n].family, sizeof m[n].family, f0);
		n++;
		if (two) {
			set_adult(&m[n], fem1, age0 + (fem0 && !fem1 ? (int)rnd(g, 9) - 1
			    : (int)rnd(g, 9) - 4), po);
			if (m[n].age < (kids ? eldest + 16 : 18))
				m[n].age = kids ? eldest + 16 : 18;
			copy(m[n].family, sizeof m[n].family, f1);
			n++;
			joint = 3;
			/* Married: she (or, for two women or two men, the second) takes his name. */
			int married = strcmp(f0, f1) && pm(g, origins[o].married_pm) &&
			    (fem0 != fem1 || pm(g, 300));
			int wife = fem0 && !fem1 ? 0 : 1;
			int husband = 1 - wife;
			if (married) {
				copy(m[wife].maiden, sizeof m[wife].maiden, m[wife].family);
				copy(m[wife].family, sizeof m[wife].family, m[husband].family);
				m[wife].maiden_recorded = pm(g, 220);
				copy(kf, sizeof kf, m[husband].family);
			} else {
				long c = rnd(g, 1000);
				if (c < 600)
					copy(kf, sizeof kf, m[husband].family);
				else if (c < 850)
					copy(kf, sizeof kf, m[wife].family);
				else if (!strpbrk(f0, "- ") && !strpbrk(f1, "- "))
					fmt(kf, sizeof kf, "%s-%s", m[wife].family,
					    m[husband].family);
				/* Some wives are known by Begum, Bibi, Khatun… rather than a family name. */
				const struct origin *wo = &origins[m[wife].origin];
				if (wo->wife.n && m[wife].female && pm(g, 300))
					copy(m[wife].family, sizeof m[wife].family, pick(g, &wo->wife));
			}
			if (type == H_COUPLE_KIDS && kids && pm(g, 220))
				step = kids - (kids >= 2 && pm(g, 450) ? 1 + (int)rnd(g, kids / 2) : 0);
		} else if (kids && pm(g, 350)) {
			copy(kf, sizeof kf, absent);
			if (m[0].female && pm(g, 200))
				copy(m[0].prev_family, sizeof m[0].prev_family, absent);
		}
		if (type == H_THREE_GEN) {
			int gf = pm(g, 800);
			set_adult(&m[n], gf, m[0].age + 18 + (int)rnd(g, 16), o);
			m[n].grand = 1;
			copy(m[n].family, sizeof m[n].family,
			    m[0].maiden[0] ? m[0].maiden : !gf || pm(g, 750) ? f0 : absent);
			n++;
		}
		break;
	}
	case H_SINGLE_KIDS:
	case H_SINGLE: {
		int fem = type == H_SINGLE_KIDS ? pm(g, 900) : pm(g, 550);
		int age = kids ? eldest + 17 + (int)rnd(g, 12) + (int)rnd(g, 12)
		    : fem && pm(g, 300) ? 17 + (int)rnd(g, 24) : 18 + (int)rnd(g, 62);
		set_adult(&m[n], fem, age, o);
		copy(m[n].family, sizeof m[n].family, f0);
		n++;
		if (kids && pm(g, 350)) {
			copy(kf, sizeof kf, absent);
			if (fem && pm(g, 200))
				copy(m[0].prev_family, sizeof m[0].prev_family, absent);
		}
		break;
	}
	case H_KINSHIP: {
		int fem = pm(g, 800);
		set_adult(&m[n], fem, eldest + 38 + (int)rnd(g, 22), o);
		m[n].grand = 1;
		copy(m[n].family, sizeof m[n].family, f0);
		n++;
		if (pm(g, 500)) {
			set_adult(&m[n], !fem, m[0].age + (int)rnd(g, 11) - 5, o);
			m[n].grand = 1;
			copy(m[n].family, sizeof m[n].family, pm(g, 800) ? f0 : f1);
			n++;
		}
		copy(kf, sizeof kf, pm(g, 550) ? f0 : absent);
		break;
	}
	case H_FOSTER: {
		int co = pm(g, 700) ? ENGLISH : pick_origin(g);
		char cf[96];
		family_name(g, co, cf, sizeof cf);
		int fem = pm(g, 750);
		int age = 28 + (int)rnd(g, 35);
		set_adult(&m[n], fem, age < eldest + 20 ? eldest + 20 : age, co);
		copy(m[n].family, sizeof m[n].family, cf);
		n++;
		if (pm(g, 600)) {
			int age1 = m[0].age + (int)rnd(g, 13) - 6;
			set_adult(&m[n], pm(g, 850) ? !fem : fem, age1 < eldest + 20 ? eldest + 20 : age1,
			    co);
			copy(m[n].family, sizeof m[n].family, cf);
			n++;
		}
		sibgroup = pm(g, 700);
		break;
	}
	}
	nadults = n;
	if (kids > MAX_HOUSEHOLD - nadults)     /* drop the youngest: the ages above still hold */
		kids = MAX_HOUSEHOLD - nadults;
	if (step > kids)
		step = kids;
	/* A few adults are another gender, or it is not known. */
	for (int i = 0; i < nadults; i++)
		if (pm(g, 9))
			m[i].gender = pm(g, 650) ? "other" : "unknown";

	/* An unborn baby for some mothers under 45. */
	int unborn = 0;
	int mother = -1;
	for (int i = 0; i < nadults; i++)
		if (!m[i].grand && m[i].female && m[i].age < 45 && type != H_FOSTER) {
			mother = i;
			break;
		}
	if (mother >= 0 && kids < 5 && nadults + kids + 1 <= room) {
		int chance = type == H_COUPLE ? 80 : type == H_SINGLE ? 40 : 25;
		if (type == H_KINSHIP)
			chance = 0;
		unborn = pm(g, chance);
	}

	/* Children, eldest first. */
	int kid_fam_each = type == H_FOSTER && !sibgroup;
	char foster_family[96];
	if (type == H_FOSTER)
		family_name(g, o, foster_family, sizeof foster_family);
	int first_child = n;
	for (int c = 0; c < kids + unborn; c++) {
		struct mem *k = &m[n++];
		k->origin = kid_origin;
		k->age = c < kids ? ages[c] : -1;
		k->twin = c < kids && c > 0 && twin[c];
		if (k->age < 0) {
			long r = rnd(g, 1000);
			k->gender = r < 700 ? "unknown" : r < 850 ? "female" : "male";
			k->female = r >= 700 && r < 850;
		} else {
			k->female = pm(g, 500);
			k->gender = k->female ? "female" : "male";
			if (k->age == 0 && pm(g, 30))
				k->gender = "unknown";
			else if (k->age >= 11 && pm(g, 15))
				k->gender = "other";
		}
		if (type == H_FOSTER) {
			if (kid_fam_each)
				family_name(g, o, foster_family, sizeof foster_family);
			copy(k->family, sizeof k->family, foster_family);
		} else if (c < step) {
			k->parents = 1;
			copy(k->family, sizeof k->family, pm(g, 450) ? f0 : absent);
		} else {
			k->parents = type == H_THREE_GEN || type == H_COUPLE_KIDS || type == H_COUPLE
			    ? joint : 1;
			copy(k->family, sizeof k->family, kf);
		}
	}

	/* Where they live. */
	struct dh *h = &b->h[b->nh];
	int hh = b->nh++;
	h->creator = (int)(g->households++ % g->teams);
	h->nfa = pm(g, 10);
	if (h->nfa)
		h->address[0] = h->postcode[0] = '\0';
	else
		address(g, h->address, sizeof h->address, h->postcode, sizeof h->postcode);
	int withheld = -1;
	if (!h->nfa && m[0].female &&
	    ((kids + unborn && type != H_KINSHIP && type != H_FOSTER) || type == H_SINGLE) &&
	    pm(g, 40))
		withheld = 0;

	/* Into the batch. */
	int idx[MAX_HOUSEHOLD];
	const char *home_language = NULL;
	for (int i = 0; i < n; i++) {
		const char *twin_dob = m[i].twin ? b->p[idx[i - 1]].dob : NULL;
		if (twin_dob && !*twin_dob)
			twin_dob = NULL;
		idx[i] = emit(g, b, &m[i], hh, home_language, twin_dob);
		if (i == 0 && b->p[idx[0]].language[0] && strcmp(b->p[idx[0]].language, "English"))
			home_language = b->p[idx[0]].language;
		b->p[idx[i]].withheld = i == withheld;
	}
	/* Children's names differ from their brothers' and sisters'. */
	for (int i = first_child + 1; i < n; i++) {
		if (m[i].age < 0)
			continue;
		for (int tries = 0; tries < 4; tries++) {
			int same = 0;
			size_t l = strcspn(b->p[idx[i]].given, " ");
			for (int j = first_child; j < i; j++)
				if (!strncmp(b->p[idx[j]].given, b->p[idx[i]].given, l) &&
				    (b->p[idx[j]].given[l] == ' ' || b->p[idx[j]].given[l] == '\0'))
					same = 1;
			if (!same)
				break;
			given_names(g, m[i].origin, m[i].female, m[i].age, b->p[idx[i]].given,
			    sizeof b->p[idx[i]].given);
		}
	}

	/* Relationships: adults to children, a grandparent to their own child, siblings. */
	for (int a = 0; a < nadults; a++) {
		int dnp = a == withheld;
		for (int c = first_child; c < n; c++) {
			const char *is;
			if (m[a].grand)
				is = "grandparent";
			else if (type == H_FOSTER)
				is = "carer";
			else if (m[c].parents & (1u << a))
				is = parent_word(m[a].gender);
			else
				is = "step-parent";
			relate(g, b, idx[a], idx[c], is, dnp);
		}
		if (m[a].grand && type == H_THREE_GEN)
			relate(g, b, idx[a], idx[0], parent_word(m[a].gender), dnp || withheld == 0);
	}
	if (sibgroup)
		for (int i = first_child; i < n; i++)
			for (int j = i + 1; j < n; j++)
				relate(g, b, idx[i], idx[j], "sibling", 0);
}

/* ---- writer units ------------------------------------------------------------------ */

static long long
user_id(struct dbc *w, const char *username)
{
	sqlite3_stmt *st = db_prep(w, "SELECT id FROM user WHERE username = ?1");
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, username);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

/* Each team's manager, who creates its households' people. */
static long long manager_id[DEMO_MAX_TEAMS];

struct has_people {
	long long have;
	int teams;
};

/* Whether there are people already; if not, the teams' managers. */
static int
has_people_unit(struct dbc *w, void *arg)
{
	struct has_people *h = arg;
	h->have = db_int(w, "SELECT EXISTS(SELECT 1 FROM person)", -1);
	if (h->have)
		return h->have < 0;
	for (int t = 0; t < h->teams; t++) {
		char username[32];
		demo_manager_name(t, username, sizeof username);
		manager_id[t] = user_id(w, username);
		if (manager_id[t] == 0) {
			fprintf(stderr, "demo: the user %s is missing\n", username);
			return -1;
		}
	}
	return 0;
}

/* Insert the batch: its people, then their relationships, then one audit row. */
static int
people_unit(struct dbc *w, void *arg)
{
	struct batch *b = arg;
	char now[64];
	audit_now(now);
	for (int i = 0; i < b->np; i++) {
		const struct dp *d = &b->p[i];
		const struct dh *h = &b->h[d->hh];
		struct person_rec r = {
			.family_name = d->family, .given_names = d->given,
			.dob = d->dob[0] ? d->dob : NULL, .estimated_age = d->est_age,
			.unborn = d->unborn, .edd = d->edd[0] ? d->edd : NULL, .gender = d->gender,
			.address = h->address, .postcode = h->postcode,
			.no_fixed_abode = h->nfa, .address_withheld = d->withheld,
			.nhs_number = d->nhs[0] ? d->nhs : NULL, .upn = d->upn[0] ? d->upn : NULL,
			.language = d->language, .interpreter = d->interpreter,
			.previous_names = d->prev, .created_by = manager_id[h->creator],
			.created_at = now,
		};
		b->id[i] = person_insert(w, &r);
		if (b->id[i] == 0)
			return -1;
	}
	sqlite3_stmt *st = db_prep(w, "INSERT INTO relationship(person_a, person_b, a_is,"
	    " do_not_print, started_at, created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
	if (st == NULL)
		return -1;
	int rc = SQLITE_DONE;
	for (int i = 0; i < b->nr && rc == SQLITE_DONE; i++) {
		const struct dr *r = &b->r[i];
		db_bind_int(st, 1, b->id[r->a]);
		db_bind_int(st, 2, b->id[r->b]);
		db_bind_text(st, 3, r->a_is);
		db_bind_int(st, 4, r->dnp);
		db_bind_text(st, 5, now);
		db_bind_int(st, 6, manager_id[b->h[b->p[r->a].hh].creator]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		fprintf(stderr, "demo: relationship insert: %s\n", sqlite3_errmsg(w->db));
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	char detail[64];
	fmt(detail, sizeof detail, "%d people", b->np);
	struct audit_entry e = { .action = "demo.people", .record_type = "person",
		.record_id = b->id[0], .route = "cli", .ip = "", .detail = detail };
	return audit_add(w, &e);
}

int
demo_people(long people, unsigned long seed)
{
	if (people <= 0)
		return 0;
	struct has_people hp = { .teams = demo_teams(people) };
	if (writer_run(has_people_unit, &hp) != 0) {
		fprintf(stderr, "demo: cannot count people\n");
		return 1;
	}
	if (hp.have) {
		fprintf(stderr, "demo: the database already has people; no demo people added\n");
		return 0;
	}
	struct gen g = { .s = 0x45484d2d64656d6fULL ^ (uint64_t)seed, .teams = hp.teams };
	next(&g);
	g.today = (long)(time(NULL) / 86400);
	for (int t = 0, slot = 0; t < NTOWNS; t++)
		for (int r = 0; r < towns[t].slots; r++, slot++) {
			g.slot_town[slot] = t;
			g.slot_rank[slot] = r;
		}
	/*
	 * About four households to a postcode.  The pool stops where a town would run out
	 * of distinct streets (streets × types) or of inward codes (4,000 per district).
	 */
	long street_max = (long)streets.n * street_types.n;
	if (street_max > 4000 / SECTIONS * 3)
		street_max = 4000 / SECTIONS * 3;
	long pool_max = street_max / 3 * NSLOTS * SECTIONS;
	g.pool = people * 10 / 25 / 4;
	if (g.pool < 24)
		g.pool = 24;
	if (g.pool > pool_max)
		g.pool = pool_max;

	struct batch *b = malloc(sizeof *b);
	g.unit_used = calloc((size_t)g.pool, sizeof *g.unit_used);
	if (b == NULL || g.unit_used == NULL) {
		fprintf(stderr, "demo: out of memory\n");
		free(b);
		free(g.unit_used);
		return 1;
	}
	long done = 0, households = 0, relationships = 0, next_report = REPORT_EVERY;
	while (done < people) {
		b->np = b->nh = b->nr = 0;
		while (b->np < UNIT_PEOPLE && done + b->np < people) {
			long room = people - done - b->np;
			household(&g, b, room < MAX_HOUSEHOLD ? (int)room : MAX_HOUSEHOLD);
		}
		int rc = writer_run(people_unit, b);
		if (rc != 0) {
			fprintf(stderr, "demo: adding people failed after %ld (%d); start again with"
			    " a new database\n", done, rc);
			free(b);
			free(g.unit_used);
			return 1;
		}
		/* Each stored household to demo_episodes, in order. */
		for (int i = 0; i < b->np && rc == 0; ) {
			struct demo_member dm[MAX_HOUSEHOLD];
			int hh = b->p[i].hh, n = 0;
			for (; i < b->np && b->p[i].hh == hh; i++, n++) {
				const struct dp *d = &b->p[i];
				dm[n] = (struct demo_member){ .id = b->id[i], .given = d->given,
					.family = d->family, .gender = d->gender, .age = d->age,
					.adult = d->adult, .female = d->female };
			}
			rc = demo_episodes_household(dm, n, b->h[hh].creator);
		}
		if (rc != 0) {
			free(b);
			free(g.unit_used);
			return 1;
		}
		done += b->np;
		households += b->nh;
		relationships += b->nr;
		if (done >= next_report && done < people) {
			fprintf(stderr, "demo: %ld of %ld people\n", done, people);
			while (next_report <= done)
				next_report += REPORT_EVERY;
		}
	}
	free(b);
	free(g.unit_used);
	fprintf(stderr, "demo: %ld %s in %ld household%s, %ld relationship%s added\n", done,
	    done == 1 ? "person" : "people", households, households == 1 ? "" : "s",
	    relationships, relationships == 1 ? "" : "s");
	return 0;
}
