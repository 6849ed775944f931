package demo

// template is a headline pattern and the mood it carries (-1 .. 1).
type template struct {
	Text     string
	Polarity float64
}

var companyTitles = []template{
	{"{co} shares jump {pct}% after {posCatalyst}", 0.7},
	{"{co} shares slide {pct}% after {negCatalyst}", -0.7},
	{"{co} beats {q} earnings estimates as {segment} revenue climbs", 0.6},
	{"{co} misses {q} revenue forecasts and cuts full-year guidance", -0.7},
	{"Analysts upgrade {co} to buy, citing {theme}", 0.5},
	{"Analysts downgrade {co} to hold on {risk}", -0.5},
	{"{co} announces ${n} billion share buyback", 0.5},
	{"{co} raises quarterly dividend by {pct}%", 0.4},
	{"What to watch in {co}'s {q} earnings report", 0},
	{"{co} ({sym}) unveils {product} at investor day", 0.2},
	{"{co} faces regulatory probe over {regIssue}", -0.6},
	{"{co} wins ${n} billion {contract} contract", 0.6},
	{"{co} names new chief financial officer amid {theme}", 0},
	{"{co} to acquire {other} in ${n} billion deal", 0.3},
	{"Short sellers circle {co} as {risk} mounts", -0.5},
	{"Why {co} stock is moving today", 0},
	{"{co} guidance signals {theme} is accelerating", 0.5},
	{"{co} plans layoffs as {risk} weighs on margins", -0.4},
}

var marketTitles = []template{
	{"{idx} climbs as {macroPos}", 0.5},
	{"{idx} falls as {macroNeg}", -0.5},
	{"Stocks mixed ahead of {event}", 0},
	{"Wall Street week ahead: {event} in focus", 0},
	{"{idx} hits record high as {macroPos}", 0.7},
	{"{idx} posts worst week since spring as {macroNeg}", -0.7},
	{"Investors rotate into defensive sectors before {event}", -0.2},
}

var cryptoTitles = []template{
	{"{coin} rallies {pct}% as {cryptoPos}", 0.6},
	{"{coin} tumbles {pct}% amid {cryptoNeg}", -0.6},
	{"{coin} holds steady while traders weigh {cryptoNeg}", 0},
	{"{coin} volatility spikes after {cryptoPos}", 0.2},
}

var forexTitles = []template{
	{"{pair} firms after {cb} {decision}", 0.3},
	{"{pair} slips as {cb} signals {decision}", -0.3},
	{"Dollar steady against the {ccy} ahead of {event}", 0},
}

var commodityTitles = []template{
	{"{cmd} climbs on {supplyPos}", 0.5},
	{"{cmd} falls as {supplyNeg}", -0.5},
	{"{cmd} traders brace for {event}", 0},
}

var (
	posCatalysts = []string{"strong quarterly earnings", "an analyst upgrade", "record quarterly deliveries",
		"a surprise buyback", "upbeat guidance", "a partnership with a cloud provider", "regulatory approval",
		"better-than-expected subscriber growth", "robust datacenter demand"}
	negCatalysts = []string{"weak guidance", "a surprise loss", "an analyst downgrade", "a product recall",
		"slowing subscriber growth", "an antitrust lawsuit", "a failed drug trial", "softer shipments"}
	segments = []string{"cloud", "advertising", "datacenter", "services", "subscription", "wealth management",
		"pharmaceutical", "semiconductor", "streaming", "payments"}
	themes = []string{"artificial intelligence demand", "margin expansion", "pricing power", "cost discipline",
		"a recovering consumer", "datacenter spending", "strong free cash flow", "the energy transition"}
	risks = []string{"valuation concerns", "slowing demand", "tariffs", "rising input costs", "inventory build-up",
		"currency headwinds", "competition from rivals", "regulatory scrutiny"}
	products = []string{"a new AI assistant", "a next-generation chip", "an electric pickup",
		"a subscription bundle", "a weight-loss drug", "a satellite broadband service", "a payments app"}
	regIssues = []string{"antitrust practices", "data privacy", "accounting disclosures", "emissions reporting",
		"app store fees", "drug pricing"}
	contracts = []string{"defense", "cloud computing", "infrastructure", "satellite", "logistics"}
	macroPos  = []string{"inflation cools", "payrolls beat forecasts", "Treasury yields ease",
		"rate cut hopes build", "earnings season beats expectations", "retail sales surprise to the upside"}
	macroNeg = []string{"inflation runs hot", "Treasury yields surge", "recession fears grow",
		"tariffs escalate", "factory orders slump", "consumer confidence drops"}
	events = []string{"the Fed meeting", "the jobs report", "CPI data", "big tech earnings",
		"the ECB decision", "options expiration", "the OPEC meeting", "the holiday shopping season"}
	cryptoPos = []string{"ETF inflows accelerate", "institutional buying picks up", "a network upgrade goes live",
		"stablecoin supply grows", "the halving approaches"}
	cryptoNeg = []string{"an exchange hack", "regulators tighten rules", "miners sell reserves",
		"a stablecoin wobbles", "liquidations cascade"}
	centralBanks = []string{"the Fed", "the ECB", "the Bank of Japan", "the Bank of England", "the RBA"}
	decisions    = []string{"holds rates", "raises rates", "cuts rates", "a slower pace of tightening",
		"bond buying changes"}
	supplyPos = []string{"OPEC output cuts", "drought in growing regions", "strong demand from China",
		"falling inventories", "mine disruptions"}
	supplyNeg = []string{"inventories build", "demand worries grow", "a bumper harvest looms",
		"the dollar strengthens", "output recovers"}
	analystFirms = []string{"Halvorsen & Co.", "Brightwater Securities", "Kestrel Research", "Ashford Capital Markets",
		"Marlowe Partners", "Quinton Equity Research"}
	outlooks = []string{"outlook remains constructive", "setup looks balanced", "risks skew to the downside",
		"story is far from over", "valuation already prices in a lot of good news"}
)

// source is a fictional news outlet; its domain is under .example, so no
// demo URL points at a real site.
type source struct{ Name, Domain string }

var sources = []source{
	{"Market Pulse Wire", "wire.marketpulse.example"},
	{"Street Ledger", "streetledger.example"},
	{"Capital Desk", "capitaldesk.example"},
	{"The Ticker Tape", "tickertape.example"},
	{"Harbor Financial News", "harborfinancial.example"},
	{"Global Markets Daily", "globalmarketsdaily.example"},
	{"Equity Insight", "equityinsight.example"},
}

var specialistSources = map[string]source{
	"crypto":    {"Coin Chronicle", "coinchronicle.example"},
	"forex":     {"FX Desk", "fxdesk.example"},
	"commodity": {"Commodity Watch", "commoditywatch.example"},
}

var (
	firstNames = []string{"Alex", "Maria", "James", "Priya", "Daniel", "Sofia", "Kenji", "Laura", "Omar",
		"Hannah", "Lucas", "Amara", "Ethan", "Chloe", "Mateo", "Grace", "Noah", "Ingrid", "Ravi", "Elena"}
	lastNames = []string{"Chen", "Okafor", "Miller", "Novak", "Tanaka", "Rossi", "Schmidt", "Patel", "Garcia",
		"Dubois", "Kowalski", "Larsen", "Nguyen", "Haddad", "Brennan", "Silva", "Fischer", "Moreau"}
)

// searchWords are words that occur in the generated articles (a test keeps
// it so): the load test searches them.
var searchWords = []string{
	"earnings", "guidance", "buyback", "dividend", "upgrade", "downgrade", "inflation", "tariffs",
	"semiconductor", "cloud", "datacenter", "advertising", "streaming", "payments", "subscriber",
	"margin", "valuation", "demand", "inventories", "antitrust", "regulatory", "acquire", "layoffs",
	"recession", "payrolls", "treasury", "yields", "rates", "fed", "ecb", "opec", "drought", "harvest",
	"stablecoin", "halving", "liquidations", "etf", "hack", "miners", "record", "defensive", "jobs",
	"retail", "consumer", "factory", "shipments", "deliveries", "recall", "privacy", "emissions",
	"satellite", "defense", "pricing", "competition", "currency", "dollar", "rally", "volatility",
	"analyst", "quarterly", "forecasts", "outlook", "investors", "traders", "shares", "stock",
}

// SearchWords returns words that occur in the demo news, for searches that
// are sure to find something (the load test uses them).
func SearchWords() []string { return append([]string(nil), searchWords...) }
