import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A realistic day of Leicester, Leicestershire and Rutland (LLR) Home First traffic, loaded through
 * the services' REST APIs the way GP systems, discharge teams, 111 and hub staff would, so that the
 * target monitor shows percentages straight away.
 *
 * <p>It posts referrals received over the past 24 hours (backdated with {@code receivedAt}), from
 * every referral source, across the six hubs' postcode districts plus a couple from an uncovered
 * district (Nottingham), waits for each to be allocated and records its visits, backdated too:
 * most 2-hour referrals seen in time, some late, some not at home and seen later, some never seen,
 * so that they breach. One rural hub is stretched, so that it falls below the 70% standard.
 *
 * <p>Run it with nothing but a JDK, once the stack is up ({@code deploy/local/run --demo} does it):
 * <pre>
 *   java deploy/local/demo/DemoTraffic.java [--seed N] [--referrals N] [--allocation-timeout SECONDS]
 *        [--dry-run] [referral-url [triage-url [hub-allocation-url [target-monitor-url]]]]
 * </pre>
 * The same seed gives the same patients, referrals and visit stories at any hour (the dry run
 * prints a digest of them); their times are placed in the day before "now". The patients are
 * invented: NHS numbers are 999 test numbers, telephone numbers are in Ofcom's drama range, and
 * nothing that identifies a patient is ever printed.
 */
public class DemoTraffic {

    enum Standard {
        TWO_HOUR(Duration.ofHours(2), Duration.ofMinutes(30), "2-hour"),
        TWO_DAY(Duration.ofHours(48), Duration.ofHours(12), "2-day"),
        NONE(null, null, "none");

        final Duration duration;
        final Duration atRiskWhenLeft;
        final String label;

        Standard(Duration duration, Duration atRiskWhenLeft, String label) {
            this.duration = duration;
            this.atRiskWhenLeft = atRiskWhenLeft;
            this.label = label;
        }
    }

    enum Outcome { MET, BREACHED, PENDING }

    /**
     * A hub and its postcode districts; {@code stretch} is how often its 2-hour visits run late, and
     * {@code stretchBefore} how often they did until {@code RECOVERED_DAYS_AGO} (the same for a steady hub).
     */
    record Hub(String id, int weight, double stretch, double stretchBefore, List<String> districts) {

        double stretchAt(Instant received, Instant now) {
            return received.isBefore(now.minus(Duration.ofDays(RECOVERED_DAYS_AGO))) ? stretchBefore : stretch;
        }
    }

    /** When the recovering hub got its staff back: its 7-day figure is then good, its 28-day one not yet. */
    static final int RECOVERED_DAYS_AGO = 9;

    static final List<Hub> HUBS = List.of(
            // Steady: well inside the standard every day of the history.
            new Hub("city-north-west", 20, 0.0, 0.0, List.of("LE1", "LE3", "LE4")),
            new Hub("city-south-east", 19, 0.0, 0.0, List.of("LE2", "LE5")),
            new Hub("charnwood-nwl", 20, 0.0, 0.0, List.of("LE11", "LE12", "LE65", "LE67", "LE7")),
            // Rural and short of staff: long drives make it the hub that breaches the standard, throughout.
            new Hub("hinckley-bosworth", 13, 1.0, 1.0, List.of("LE6", "LE9", "LE10")),
            // Recovering: below the standard for weeks, then a new rota RECOVERED_DAYS_AGO.
            new Hub("melton-rutland", 10, 0.0, 1.2, List.of("LE13", "LE14", "LE15", "PE9")),
            new Hub("south-leicestershire", 18, 0.0, 0.0, List.of("LE8", "LE16", "LE17", "LE18", "LE19")));

    /** Districts no hub covers: a patient just over the border, so that UNALLOCATED shows. */
    static final List<String> UNCOVERED_DISTRICTS = List.of("NG1", "NG7");

    record Scenario(String urgency, List<String> needs, String reason, String snomedCode, Standard expected,
            int weight, Set<String> sources) {
    }

    // SNOMED CT: 1912002 Fall, 248279007 Frailty, 2776000 Delirium, 195951007 Acute exacerbation of COPD.
    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("CRISIS", List.of("FALLS"), "Fall at home, uninjured but unable to get up without help; crew request an urgent community response instead of conveyance.",
                    "1912002", Standard.TWO_HOUR, 16, Set.of("AMBULANCE", "NHS111", "CARE_HOME", "GP", "SELF_OR_CARER")),
            new Scenario("CRISIS", List.of("FRAILTY_DECOMPENSATION", "FALLS"), "Sudden decline in mobility over 24 hours, two falls, struggling with personal care.",
                    "248279007", Standard.TWO_HOUR, 10, Set.of("GP", "NHS111", "SOCIAL_CARE", "CARE_HOME", "COMMUNITY_TEAM")),
            new Scenario("CRISIS", List.of("DELIRIUM"), "New confusion since yesterday, possible urinary infection, not eating or drinking well.",
                    "2776000", Standard.TWO_HOUR, 8, Set.of("GP", "NHS111", "CARE_HOME", "SELF_OR_CARER")),
            new Scenario("CRISIS", List.of("RESPIRATORY_EXACERBATION"), "COPD exacerbation with increased breathlessness; wishes to avoid admission.",
                    "195951007", Standard.TWO_HOUR, 8, Set.of("GP", "AMBULANCE", "NHS111")),
            new Scenario("CRISIS", List.of("CARER_BREAKDOWN"), "Main carer admitted to hospital this morning; patient cannot manage alone tonight.",
                    null, Standard.TWO_HOUR, 6, Set.of("SOCIAL_CARE", "SELF_OR_CARER", "GP")),
            new Scenario("CRISIS", List.of("CATHETER_CARE"), "Blocked urinary catheter, in discomfort.",
                    null, Standard.TWO_HOUR, 4, Set.of("NHS111", "GP", "CARE_HOME")),
            new Scenario("URGENT", List.of("REABLEMENT_NEED", "THERAPY_NEED"), "Discharged today after a hip fracture repair; needs reablement and therapy at home.",
                    null, Standard.TWO_DAY, 12, Set.of("ACUTE_HOSPITAL", "SOCIAL_CARE", "COMMUNITY_TEAM")),
            new Scenario("ROUTINE", List.of("REABLEMENT_NEED"), "Lost confidence after a recent chest infection; needs support to regain independence with daily living.",
                    null, Standard.TWO_DAY, 6, Set.of("SOCIAL_CARE", "GP", "SELF_OR_CARER", "ACUTE_HOSPITAL")),
            new Scenario("URGENT", List.of("END_OF_LIFE_CARE"), "Last days of life, wishes to die at home; needs symptom control and care support.",
                    null, Standard.TWO_DAY, 5, Set.of("GP", "ACUTE_HOSPITAL", "COMMUNITY_TEAM", "CARE_HOME")),
            new Scenario("URGENT", List.of("PALLIATIVE_CARE", "MEDICATION_SUPPORT"), "Metastatic cancer with increasing pain; anticipatory medicines need review.",
                    null, Standard.TWO_DAY, 4, Set.of("GP", "COMMUNITY_TEAM")),
            new Scenario("ROUTINE", List.of("WOUND_CARE"), "Leg ulcer needing dressings twice a week.",
                    null, Standard.NONE, 8, Set.of("GP", "ACUTE_HOSPITAL", "COMMUNITY_TEAM", "CARE_HOME")),
            new Scenario("ROUTINE", List.of("CATHETER_CARE"), "Long-term catheter change due.",
                    null, Standard.NONE, 4, Set.of("GP", "COMMUNITY_TEAM")),
            new Scenario("ROUTINE", List.of("MEDICATION_SUPPORT"), "Needs support with insulin administration after discharge.",
                    null, Standard.NONE, 4, Set.of("GP", "ACUTE_HOSPITAL")),
            new Scenario("ROUTINE", List.of("THERAPY_NEED"), "Reduced mobility; needs a physiotherapy assessment at home.",
                    null, Standard.NONE, 5, Set.of("GP", "SELF_OR_CARER", "COMMUNITY_TEAM")),
            new Scenario("URGENT", List.of("STEP_UP_BED", "FRAILTY_DECOMPENSATION"), "Cannot be cared for safely at home tonight; needs a step-up bed.",
                    null, Standard.NONE, 4, Set.of("GP", "SOCIAL_CARE", "AMBULANCE")));

    /** Referral sources, weighted as LLR's single point of access sees them. */
    static final Map<String, Integer> SOURCES = orderedMap(
            "GP", 24, "ACUTE_HOSPITAL", 14, "AMBULANCE", 14, "NHS111", 12,
            "SOCIAL_CARE", 10, "CARE_HOME", 10, "SELF_OR_CARER", 6, "COMMUNITY_TEAM", 10);

    static final List<String> GIVEN_NAMES = List.of(
            "Margaret", "Joan", "Dorothy", "Patricia", "Jean", "Barbara", "Sheila", "Brenda", "Pauline", "Kathleen",
            "Irene", "Doreen", "Eileen", "Maureen", "Valerie", "John", "David", "Michael", "Peter", "Brian", "Keith",
            "Alan", "Raymond", "Kenneth", "Derek", "Colin", "Roy", "Harbhajan", "Jaswant", "Pushpa", "Kanta", "Hansa",
            "Savita", "Ramesh", "Dinesh", "Mohammed", "Abdul", "Gurdev", "Surinder", "Manjula", "Zubeda", "Krystyna");
    static final List<String> FAMILY_NAMES = List.of(
            "Smith", "Jones", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Clarke", "Hughes", "Wood", "Turner",
            "Green", "Hall", "Harris", "Cooper", "Ward", "Bailey", "Moore", "Patel", "Mistry", "Chauhan", "Parmar",
            "Lad", "Solanki", "Singh", "Kaur", "Khan", "Begum", "Ali", "Hussain", "Kowalski", "Nowak", "Kelly", "Murphy");
    static final List<String> STAFF_NAMES = List.of(
            "A Shah", "B Lewis", "C Okafor", "D Hart", "E Varley", "F Chowdhury", "G Morris", "H Pearce", "J Bhatt",
            "K Doyle", "L Grant", "M Sandhu", "N Foster", "P Reid", "R Iqbal", "S Nolan", "T Bennett");
    // RWE (University Hospitals of Leicester), RX9 (East Midlands Ambulance Service) and RT5 (Leicestershire
    // Partnership) are the real trusts' codes; the others are illustrative codes in the ODS format.
    static final List<String> CARE_HOMES = List.of("VLE01", "VLE14", "VLE22", "VLE37", "VLE45");
    static final List<String> COUNCILS = List.of("LCC100", "LCITY1", "RUT001");

    static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    record Patient(String nhsNumber, String givenName, String familyName, LocalDate dateOfBirth, String postcode,
            String gpPractice, String phone) {
    }

    record PlannedVisit(Duration after, String outcome) {
    }

    /** One referral as planned: who, when, where, and what will happen to it. */
    static final class Plan {
        int number;
        String source;
        String role;
        String referrerOds;
        String referrerName;
        Scenario scenario;
        Instant statedReceivedAt;
        Patient patient;
        Hub hub; // null for an uncovered district
        String story;
        List<PlannedVisit> visits = new ArrayList<>();

        // What happened
        String referralId;
        Instant receivedAt;
        boolean allocated;
        String allocatedHub;
        String allocatedPathway;
        List<Instant> attendedAt = new ArrayList<>();
        int visitsNotDue;

        String expectedHub() {
            return hub == null ? "UNALLOCATED" : hub.id();
        }
    }

    // ------------------------------------------------------------------------------------------

    private final Random random;
    private final int referralCount;
    private final int days;
    private final int perDay;
    private final int workers;
    private final Duration allocationTimeout;
    private final String referralUrl;
    private final String triageUrl;
    private final String hubAllocationUrl;
    private final String targetMonitorUrl;
    private final long seed;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, List<String>> failures = new LinkedHashMap<>();
    private final Set<String> nhsNumbers = new HashSet<>();
    private final Tokens tokens = Tokens.fromEnvironment(http);

    /** The demo's systems, each a client of the identity provider's realm with its role and scope. */
    static final String REFERRER_SYSTEM = "demo-referrer-system";
    static final String HUB_SYSTEM = "demo-hub-system";
    static final String ADMIN_SYSTEM = "demo-admin-system";

    DemoTraffic(long seed, int referralCount, int days, int perDay, int workers, Duration allocationTimeout, List<String> urls) {
        this.seed = seed;
        this.random = new Random(seed);
        this.referralCount = referralCount;
        this.days = days;
        this.perDay = perDay;
        this.workers = workers;
        this.allocationTimeout = allocationTimeout;
        this.referralUrl = trim(urls.size() > 0 ? urls.get(0) : "http://localhost:8081");
        this.triageUrl = trim(urls.size() > 1 ? urls.get(1) : "http://localhost:8082");
        this.hubAllocationUrl = trim(urls.size() > 2 ? urls.get(2) : "http://localhost:8083");
        this.targetMonitorUrl = trim(urls.size() > 3 ? urls.get(3) : "http://localhost:8084");
    }

    public static void main(String[] args) throws Exception {
        long seed = 42;
        int referrals = 200;
        int days = 35;
        int perDay = 24;
        int workers = 12;
        int allocationTimeoutSeconds = 90;
        boolean dryRun = false;
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "-h", "--help" -> {
                    System.out.println("Usage: java deploy/local/demo/DemoTraffic.java [--seed N] [--referrals N] [--days N] "
                            + "[--per-day N] [--workers N]\n"
                            + "       [--allocation-timeout SECONDS] [--dry-run]\n"
                            + "       [referral-url [triage-url [hub-allocation-url [target-monitor-url]]]]\n"
                            + "Defaults: seed 42, 200 referrals in the last 24 hours, 35 days of history with 24 referrals\n"
                            + "on each day before the last, 12 at a time, 90 s, http://localhost:8081 8082 8083 8084.\n"
                            + "History older than 48 hours needs referral-service's homefirst.intake.max-backdating raised\n"
                            + "(deploy/local/run --demo does). --dry-run prints what would be sent, without sending anything.");
                    return;
                }
                case "--dry-run" -> dryRun = true;
                case "--seed" -> seed = Long.parseLong(value != null ? value : args[++i]);
                case "--referrals" -> referrals = Integer.parseInt(value != null ? value : args[++i]);
                case "--days" -> days = Integer.parseInt(value != null ? value : args[++i]);
                case "--per-day" -> perDay = Integer.parseInt(value != null ? value : args[++i]);
                case "--workers" -> workers = Integer.parseInt(value != null ? value : args[++i]);
                case "--allocation-timeout" -> allocationTimeoutSeconds = Integer.parseInt(value != null ? value : args[++i]);
                default -> {
                    if (arg.startsWith("-")) {
                        System.err.println("Unknown option " + arg + "; see --help");
                        System.exit(2);
                    }
                    urls.add(arg);
                }
            }
        }
        if (referrals < 10) {
            System.err.println("--referrals must be at least 10");
            System.exit(2);
        }
        if (days < 1 || days > 60 || perDay < 1 || workers < 1) {
            System.err.println("--days must be 1 to 60 (the monitor keeps 92 days of clocks), --per-day and --workers at least 1");
            System.exit(2);
        }
        DemoTraffic demo = new DemoTraffic(seed, referrals, days, perDay, workers, Duration.ofSeconds(allocationTimeoutSeconds), urls);
        System.exit(dryRun ? demo.dryRun() : demo.run());
    }

    int run() {
        System.out.printf("Home First demo traffic: seed %d, %d referrals received over the %d days to %s (%d in the last 24 hours)%n",
                seed, referralCount + historyCount(), days, now, referralCount);
        boolean referralUp = checkService("referral-service", referralUrl);
        checkService("triage-service", triageUrl);
        boolean hubAllocationUp = checkService("hub-allocation-service", hubAllocationUrl);
        if (!checkService("target-monitor-service", targetMonitorUrl)) {
            System.out.println("    (deploy/local/run --demo starts it once the history is in: it reads it as it would a platform's past)");
        }
        if (!referralUp) {
            System.out.println();
            System.out.println("referral-service does not answer at " + referralUrl
                    + "; nothing was sent. Start the stack first: deploy/local/run (or deploy/local/run --demo).");
            return 2;
        }

        List<Plan> plans = plan();
        load(plans, hubAllocationUp);
        List<Plan> accepted = plans.stream().filter(p -> p.referralId != null).collect(Collectors.toList());
        if (accepted.isEmpty()) {
            printFailures();
            System.out.println("No referral was accepted, so there is nothing to allocate or visit.");
            return 1;
        }
        boolean allocationsComplete = accepted.stream().allMatch(p -> p.allocated || p.hub == null);
        if (hubAllocationUp) {
            printExpectations(accepted);
        } else {
            System.out.println("  (no expected results: without hub-allocation-service nothing is allocated or visited)");
        }
        printFailures();
        System.out.println();
        System.out.println("See the live numbers on the ops dashboard at " + targetMonitorUrl + "/ (sign in as ops), or with "
                + "curl -H \"Authorization: Bearer $(deploy/local/token ops)\" " + targetMonitorUrl + "/api/targets "
                + "(compare the windows above).");
        return failures.isEmpty() && hubAllocationUp && allocationsComplete ? 0 : 1;
    }

    /** The plan, summarised, and a digest of everything that would be sent (no patient data printed). */
    int dryRun() {
        List<Plan> plans = plan();
        System.out.printf("Home First demo traffic, dry run: seed %d, %d referrals received over the %d days to %s%n",
                seed, plans.size(), days, now);
        System.out.println("  by day (London), oldest first: " + plans.stream().collect(Collectors.groupingBy(
                p -> LocalDate.ofInstant(p.statedReceivedAt, LONDON), TreeMap::new, Collectors.counting())).values());
        System.out.println("  by source:   " + counts(plans, p -> p.source));
        System.out.println("  by urgency:  " + counts(plans, p -> p.scenario.urgency()));
        System.out.println("  by hub (from the postcode district): " + counts(plans, Plan::expectedHub));
        System.out.println("  expected standard, by the triage rules: " + counts(plans, p -> p.scenario.expected().label));
        System.out.println("  2-hour stories: " + counts(plans.stream().filter(p -> p.scenario.expected() == Standard.TWO_HOUR)
                .collect(Collectors.toList()), p -> p.story));
        System.out.println("  visits planned: " + counts(plans.stream().flatMap(p -> p.visits.stream()).collect(Collectors.toList()),
                PlannedVisit::outcome));
        // Times are relative to now; everything else is the seed's alone.
        StringBuilder all = new StringBuilder();
        for (Plan p : plans.stream().sorted(Comparator.comparing(p -> p.patient.nhsNumber())).collect(Collectors.toList())) {
            all.append(referralJson(p).replaceAll("\"receivedAt\":\"[^\"]*\",", "")).append(p.visits).append('\n');
        }
        System.out.printf("  digest of the referrals and visits, times aside: %08x%n", all.toString().hashCode());
        return 0;
    }

    // ------------------------------------------------------------------------------------------
    // The plan: deterministic for a seed, relative to now

    /** The referrals of the days before the last. */
    int historyCount() {
        return (days - 1) * perDay;
    }

    List<Plan> plan() {
        List<Plan> plans = new ArrayList<>();
        int uncovered = Math.max(2, referralCount / 80);
        for (int i = 0; i < referralCount + historyCount(); i++) {
            // The last day first (the same referrals as a one-day demo of this seed), then the days before it.
            int day = i < referralCount ? 0 : 1 + (i - referralCount) / perDay;
            boolean outside = i < uncovered;
            Plan p = new Plan();
            p.hub = outside ? null : weighted(HUBS, Hub::weight);
            String district = outside ? UNCOVERED_DISTRICTS.get(i % UNCOVERED_DISTRICTS.size()) : pick(p.hub.districts());
            if (outside) {
                // A crisis that nobody takes: it breaches, and counts for UNALLOCATED.
                p.source = "NHS111";
                p.scenario = SCENARIOS.get(0);
                p.statedReceivedAt = now.minus(Duration.ofMinutes(180 + random.nextInt(17 * 60)));
            } else {
                p.source = weighted(new ArrayList<>(SOURCES.keySet()), SOURCES::get);
                String source = p.source;
                p.scenario = weighted(SCENARIOS.stream().filter(s -> s.sources().contains(source)).collect(Collectors.toList()),
                        Scenario::weight);
                p.statedReceivedAt = receivedTime().minus(Duration.ofDays(day));
            }
            p.patient = patient(district, p.scenario);
            referrer(p);
            planVisits(p);
            plans.add(p);
        }
        plans.sort(Comparator.comparing(p -> p.statedReceivedAt));
        for (int i = 0; i < plans.size(); i++) {
            plans.get(i).number = i + 1;
        }
        return plans;
    }

    /**
     * A time in the past 24 hours, busier in the day (Europe/London) than at night. One random draw
     * each, whatever the time of day, so that a seed gives the same referrals at any hour.
     */
    Instant receivedTime() {
        if (receivedTimeWeights == null) {
            receivedTimeWeights = new double[24 * 60 - 2];
            double total = 0;
            for (int i = 0; i < receivedTimeWeights.length; i++) {
                int hour = now.minus(Duration.ofMinutes(2 + i)).atZone(LONDON).getHour();
                total += hour >= 8 && hour < 20 ? 10 : hour == 7 || (hour >= 20 && hour < 23) ? 4 : 1;
                receivedTimeWeights[i] = total;
            }
        }
        double roll = random.nextDouble() * receivedTimeWeights[receivedTimeWeights.length - 1];
        int i = java.util.Arrays.binarySearch(receivedTimeWeights, roll);
        int minute = i >= 0 ? i : -i - 1;
        return now.minus(Duration.ofMinutes(2 + Math.min(minute, receivedTimeWeights.length - 1)));
    }

    /** Cumulative weights of each minute of the past day, 2 minutes ago first. */
    private double[] receivedTimeWeights;

    Patient patient(String district, Scenario scenario) {
        int age = scenario.expected() == Standard.NONE && random.nextInt(4) == 0
                ? 40 + random.nextInt(25)
                : 66 + random.nextInt(30);
        LocalDate dateOfBirth = LocalDate.now(LONDON).minusYears(age).minusDays(random.nextInt(365));
        String postcode = district + " " + (1 + random.nextInt(9))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()));
        String gpPractice = String.format("C82%03d", 1 + random.nextInt(99));
        String phone = random.nextInt(10) < 7 ? String.format("07700 900%03d", random.nextInt(1000)) : null;
        return new Patient(nhsNumber(), pick(GIVEN_NAMES), pick(FAMILY_NAMES), dateOfBirth, postcode, gpPractice, phone);
    }

    /** A unique 999 test number with a valid modulus-11 check digit. */
    String nhsNumber() {
        while (true) {
            String first9 = "999" + String.format("%06d", random.nextInt(1_000_000));
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first9.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check == 10) {
                continue; // no valid number with these nine digits
            }
            String number = first9 + check;
            if (nhsNumbers.add(number)) {
                return number;
            }
        }
    }

    void referrer(Plan p) {
        String staff = pick(STAFF_NAMES);
        switch (p.source) {
            case "GP" -> set(p, p.patient.gpPractice(), "GP", "Dr " + staff);
            case "ACUTE_HOSPITAL" -> set(p, "RWE", random.nextBoolean() ? "HOSPITAL_DOCTOR" : "NURSE",
                    staff + ", discharge team, " + pick(List.of("Leicester Royal Infirmary", "Glenfield Hospital", "Leicester General Hospital")));
            case "AMBULANCE" -> set(p, "RX9", "PARAMEDIC", staff + ", paramedic");
            case "NHS111" -> set(p, "NHS111", "CALL_HANDLER", staff + ", NHS 111 clinical navigator");
            case "SOCIAL_CARE" -> set(p, pick(COUNCILS), "SOCIAL_WORKER", staff + ", adult social care");
            case "CARE_HOME" -> set(p, pick(CARE_HOMES), "CARE_HOME_STAFF", staff + ", senior carer");
            case "SELF_OR_CARER" -> set(p, p.patient.gpPractice(), "PATIENT_OR_CARER",
                    pick(List.of("Daughter (main carer)", "Son", "Husband", "Wife", "Neighbour", "Patient")));
            case "COMMUNITY_TEAM" -> set(p, "RT5", random.nextBoolean() ? "NURSE" : "THERAPIST", staff + ", community team");
            default -> throw new IllegalStateException(p.source);
        }
    }

    static void set(Plan p, String ods, String role, String name) {
        p.referrerOds = ods;
        p.role = role;
        p.referrerName = name;
    }

    /** What the hub will do, as offsets from the referral's clock start. */
    void planVisits(Plan p) {
        if (p.hub == null) {
            p.story = "never visited (no hub covers the district)";
            return;
        }
        switch (p.scenario.expected()) {
            case TWO_HOUR -> {
                double stretch = p.hub.stretchAt(p.statedReceivedAt, now);
                String story = weighted(List.of("in time", "late", "not at home, then seen", "visit cancelled, then seen", "never visited"),
                        s -> switch (s) {
                            case "in time" -> (int) Math.round(78 - 32 * stretch);
                            case "late" -> (int) Math.round(7 + 14 * stretch);
                            case "not at home, then seen" -> 7;
                            case "visit cancelled, then seen" -> 3;
                            default -> (int) Math.round(5 + 18 * stretch);
                        });
                p.story = story;
                switch (story) {
                    case "in time" -> visit(p, minutes(25, 115), "ATTENDED");
                    case "late" -> visit(p, minutes(125, 240), "ATTENDED");
                    case "not at home, then seen" -> {
                        int first = minutes(30, 80);
                        visit(p, first, "PATIENT_NOT_AT_HOME");
                        visit(p, first + minutes(25, 90), "ATTENDED");
                    }
                    case "visit cancelled, then seen" -> {
                        visit(p, minutes(10, 30), "CANCELLED");
                        visit(p, minutes(60, 150), "ATTENDED");
                    }
                    default -> {
                    }
                }
            }
            case TWO_DAY -> {
                int roll = random.nextInt(100);
                if (roll < 80) {
                    p.story = "seen within 2 days";
                    visit(p, minutes(3 * 60, 30 * 60), "ATTENDED");
                } else if (roll < 90) {
                    p.story = "not at home, then seen";
                    int first = minutes(4 * 60, 10 * 60);
                    visit(p, first, "PATIENT_NOT_AT_HOME");
                    visit(p, first + minutes(4 * 60, 20 * 60), "ATTENDED");
                } else {
                    p.story = "not visited yet";
                }
            }
            case NONE -> {
                if (random.nextBoolean()) {
                    p.story = "planned visit";
                    visit(p, minutes(2 * 60, 20 * 60), "ATTENDED");
                } else {
                    p.story = "not visited yet";
                }
            }
        }
    }

    int minutes(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    static void visit(Plan p, int afterMinutes, String outcome) {
        p.visits.add(new PlannedVisit(Duration.ofMinutes(afterMinutes), outcome));
    }

    // ------------------------------------------------------------------------------------------
    // Talking to the services

    boolean checkService(String name, String baseUrl) {
        Response r = get(null, baseUrl + "/q/health/ready");
        String state = r.status() == 200 ? "ready"
                : r.status() == 0 ? "not reachable (" + r.body() + ")"
                : "answers " + r.status() + " on /q/health/ready (not ready)";
        System.out.printf("  %-24s %-24s %s%n", name, baseUrl, state);
        return r.status() != 0;
    }

    /**
     * Replays the day, oldest referral first, a few at a time: each referral is posted, its
     * allocation awaited, and its visits that are due by now recorded straight away. Posting every
     * referral first and every visit afterwards would have the target monitor see clocks whose
     * deadline passed long ago with no visit yet, breach them, raise alerts and then correct them
     * when the visits arrive: right by its rules, but not what a real day looks like.
     */
    void load(List<Plan> plans, boolean hubAllocationUp) {
        long started = System.nanoTime();
        System.out.printf("%nPosting %d referrals to %s/api/referrals, each followed by its allocation%n"
                + "(GET %s/api/allocations/{id}) and its visits that are due by now (POST /api/visits) ...%n",
                plans.size(), referralUrl, hubAllocationUrl);
        if (!hubAllocationUp) {
            System.out.println("  hub-allocation-service is not reachable: posting referrals only.");
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Plan p : plans) {
                done.add(pool.submit(() -> loadOne(p, hubAllocationUp)));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Plan> ok = plans.stream().filter(p -> p.referralId != null).collect(Collectors.toList());
        System.out.printf("  %d referrals accepted, %d not (%.1f s)%n", ok.size(), plans.size() - ok.size(), seconds(started));
        System.out.println("  by source:   " + counts(ok, p -> p.source));
        System.out.println("  by urgency:  " + counts(ok, p -> p.scenario.urgency()));
        System.out.println("  by hub (from the postcode district): " + counts(ok, Plan::expectedHub));
        System.out.println("  expected standard, by the triage rules: " + counts(ok, p -> p.scenario.expected().label));
        if (!hubAllocationUp || ok.isEmpty()) {
            return;
        }

        long allocated = ok.stream().filter(p -> p.allocated).count();
        long uncovered = ok.stream().filter(p -> !p.allocated && p.hub == null).count();
        long missing = ok.stream().filter(p -> !p.allocated && p.hub != null).count();
        System.out.printf("  %d allocated, %d not allocated (%d of them in districts no hub covers, as intended)%n",
                allocated, uncovered + missing, uncovered);
        long asExpected = ok.stream().filter(p -> p.allocated && p.hub != null && p.hub.id().equals(p.allocatedHub)).count();
        System.out.printf("  allocated to the hub its postcode district expects: %d of %d%n", asExpected, allocated);
        long pathwayKnown = ok.stream().filter(p -> p.allocatedPathway != null).count();
        if (pathwayKnown > 0) {
            long pathwayAsExpected = ok.stream().filter(p -> p.allocatedPathway != null
                    && standardOf(p.allocatedPathway) == p.scenario.expected()).count();
            System.out.printf("  triaged to a pathway with the expected standard: %d of %d%n", pathwayAsExpected, pathwayKnown);
        }
        if (missing > 0) {
            fail("referrals not allocated within " + allocationTimeout.toSeconds() + " s",
                    missing + " referrals in covered districts. Are triage-service and hub-allocation-service running "
                            + "and consuming? See .localstack/logs/triage-service.log and hub-allocation-service.log");
        }
        System.out.printf("  visits posted: %s; %d planned visits are not due yet%n",
                new TreeMap<>(visitsPosted), ok.stream().mapToInt(p -> p.visitsNotDue).sum());
        System.out.println("  2-hour stories: " + counts(ok.stream().filter(p -> p.scenario.expected() == Standard.TWO_HOUR)
                .collect(Collectors.toList()), p -> p.story));
    }

    /** After this many referrals in a row are not allocated in time, stop waiting for the others. */
    static final int GIVE_UP_AFTER = 4;

    private final java.util.concurrent.atomic.AtomicBoolean backdatingRefused = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Integer> visitsPosted = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger allocationTimeoutsInARow = new java.util.concurrent.atomic.AtomicInteger();

    void loadOne(Plan p, boolean hubAllocationUp) {
        if (backdatingRefused.get()) {
            return;
        }
        String key = UUID.nameUUIDFromBytes(("demo:" + seed + ":" + p.number + ":" + now).getBytes(StandardCharsets.UTF_8)).toString();
        Response r = post(REFERRER_SYSTEM, referralUrl + "/api/referrals", referralJson(p), Map.of("Idempotency-Key", key));
        if (r.status() != 201 && r.status() != 200) {
            fail("POST /api/referrals answered " + describe(r), "referral #" + p.number + ": " + redact(r.body(), p.patient));
            return;
        }
        p.referralId = field(r.body(), "id");
        String receivedAt = field(r.body(), "receivedAt");
        p.receivedAt = receivedAt != null ? Instant.parse(receivedAt) : p.statedReceivedAt;
        if (Duration.between(p.statedReceivedAt, p.receivedAt).abs().compareTo(Duration.ofMinutes(1)) > 0
                && backdatingRefused.compareAndSet(false, true)) {
            // The oldest referral goes first, so this stops the load before a history is made of clocks started now.
            fail("referral-service started a clock at receipt, not at the stated receivedAt",
                    "referral #" + p.number + " stated " + p.statedReceivedAt + ". History older than 48 hours needs "
                            + "HOMEFIRST_INTAKE_MAX_BACKDATING=" + (days + 1) + "d on referral-service (deploy/local/run --demo "
                            + "sets it), or --days 2");
            return;
        }
        if (p.referralId == null) {
            fail("referral accepted without an id in its answer", "referral #" + p.number);
            return;
        }
        if (!hubAllocationUp) {
            return;
        }
        // A district no hub covers is never allocated: look once, a little later, and move on.
        Duration patience = p.hub == null ? Duration.ofSeconds(3)
                : allocationTimeoutsInARow.get() >= GIVE_UP_AFTER ? Duration.ZERO
                : allocationTimeout;
        awaitAllocation(p, patience);
        if (!p.allocated) {
            if (p.hub != null) {
                allocationTimeoutsInARow.incrementAndGet();
            }
            return;
        }
        allocationTimeoutsInARow.set(0);
        postVisits(p);
    }

    void awaitAllocation(Plan p, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Response r = get(ADMIN_SYSTEM, hubAllocationUrl + "/api/allocations/" + p.referralId);
            if (r.status() == 200) {
                String hub = field(r.body(), "hubId");
                p.allocatedPathway = field(r.body(), "pathway");
                if (hub != null && !hub.isBlank() && !hub.equals("UNALLOCATED")) {
                    p.allocated = true;
                    p.allocatedHub = hub;
                    return;
                }
            } else if (r.status() != 404) {
                fail("GET /api/allocations/{id} answered " + describe(r), "referral #" + p.number);
                return;
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            sleep(Duration.ofMillis(150));
        }
    }

    /** Posts the referral's visits that are due by now, in order, as the hub's staff recorded them. */
    void postVisits(Plan p) {
        Instant latest = Instant.now().minusSeconds(30);
        for (PlannedVisit v : p.visits) {
            Instant at = p.receivedAt.plus(v.after());
            if (at.isAfter(latest)) {
                p.visitsNotDue++;
                continue;
            }
            String json = "{\"referralId\":" + str(p.referralId) + ",\"visitedAt\":" + str(at.toString())
                    + ",\"outcome\":" + str(v.outcome())
                    + ",\"contactType\":\"IN_PERSON\",\"staffRole\":\"NURSE\"}";
            Response r = post(HUB_SYSTEM, hubAllocationUrl + "/api/visits", json, Map.of());
            if (r.status() == 201 || r.status() == 200) {
                visitsPosted.merge(v.outcome(), 1, Integer::sum);
                if (v.outcome().equals("ATTENDED")) {
                    p.attendedAt.add(at);
                }
            } else {
                fail("POST /api/visits answered " + describe(r), "referral #" + p.number + ": " + redact(r.body(), p.patient));
            }
        }
    }

    String referralJson(Plan p) {
        Patient pt = p.patient;
        StringBuilder json = new StringBuilder(640);
        json.append('{');
        json.append("\"source\":").append(str(p.source)).append(',');
        json.append("\"requestedUrgency\":").append(str(p.scenario.urgency())).append(',');
        json.append("\"receivedAt\":").append(str(p.statedReceivedAt.toString())).append(',');
        json.append("\"clinicalNeeds\":[")
                .append(p.scenario.needs().stream().map(DemoTraffic::str).collect(Collectors.joining(","))).append("],");
        json.append("\"reason\":{\"text\":").append(str(p.scenario.reason()));
        if (p.scenario.snomedCode() != null) {
            json.append(",\"snomedCode\":").append(str(p.scenario.snomedCode()));
        }
        json.append("},");
        json.append("\"patient\":{")
                .append("\"nhsNumber\":").append(str(pt.nhsNumber())).append(',')
                .append("\"givenName\":").append(str(pt.givenName())).append(',')
                .append("\"familyName\":").append(str(pt.familyName())).append(',')
                .append("\"dateOfBirth\":").append(str(pt.dateOfBirth().toString())).append(',')
                .append("\"postcode\":").append(str(pt.postcode())).append(',')
                .append("\"gpPracticeOdsCode\":").append(str(pt.gpPractice()));
        if (pt.phone() != null) {
            json.append(",\"phone\":").append(str(pt.phone()));
        }
        json.append("},");
        json.append("\"referrer\":{")
                .append("\"organisationOdsCode\":").append(str(p.referrerOds)).append(',')
                .append("\"role\":").append(str(p.role)).append(',')
                .append("\"name\":").append(str(p.referrerName))
                .append('}');
        json.append('}');
        return json.toString();
    }

    // ------------------------------------------------------------------------------------------
    // What the target monitor should show

    /**
     * Per hub, the clocks that resolved in the window (met: at the first attended visit in time;
     * breached: at the deadline) and, for the 24-hour window, those still open, as the monitor's
     * rolling windows count them.
     */
    void printExpectations(List<Plan> plans) {
        Instant at = Instant.now();
        printExpectations(plans, Standard.TWO_HOUR, "24h", Duration.ofHours(24), at);
        if (days > 7) {
            printExpectations(plans, Standard.TWO_HOUR, "7d", Duration.ofDays(7), at);
        }
        if (days > 28) {
            printExpectations(plans, Standard.TWO_HOUR, "28d", Duration.ofDays(28), at);
        }
        printExpectations(plans, Standard.TWO_DAY, "24h", Duration.ofHours(24), at);
        System.out.println("  (a hub below 70% for 2-hour, or 90% for 2-day, over 24 hours, with 5 clocks resolved, should have raised an alert)");
    }

    void printExpectations(List<Plan> plans, Standard standard, String label, Duration window, Instant at) {
        Map<String, EnumMap<Outcome, Integer>> byHub = new TreeMap<>();
        Map<String, Integer> atRisk = new TreeMap<>();
        for (Plan p : plans) {
            if (p.scenario.expected() != standard) {
                continue;
            }
            String hub = p.allocated ? p.allocatedHub : "UNALLOCATED";
            Instant deadline = p.receivedAt.plus(standard.duration);
            Instant firstAttended = p.attendedAt.stream().min(Comparator.naturalOrder()).orElse(null);
            Outcome outcome = firstAttended != null && !firstAttended.isAfter(deadline) ? Outcome.MET
                    : !deadline.isAfter(at) ? Outcome.BREACHED
                    : Outcome.PENDING;
            Instant resolved = outcome == Outcome.MET ? firstAttended : deadline;
            if (outcome != Outcome.PENDING && resolved.isBefore(at.minus(window))) {
                continue;
            }
            byHub.computeIfAbsent(hub, h -> new EnumMap<>(Outcome.class)).merge(outcome, 1, Integer::sum);
            if (outcome == Outcome.PENDING && firstAttended == null
                    && Duration.between(at, deadline).compareTo(standard.atRiskWhenLeft) < 0) {
                atRisk.merge(hub, 1, Integer::sum);
            }
        }
        System.out.printf("%nExpected %s results over %s (clocks that resolved in it, and those still open):%n", standard.label, label);
        System.out.printf("  %-22s %5s %9s %8s %8s %7s%n", "hub", "met", "breached", "pending", "at risk", "met %");
        EnumMap<Outcome, Integer> total = new EnumMap<>(Outcome.class);
        int totalAtRisk = 0;
        for (var e : byHub.entrySet()) {
            printRow(e.getKey(), e.getValue(), atRisk.getOrDefault(e.getKey(), 0));
            e.getValue().forEach((o, n) -> total.merge(o, n, Integer::sum));
            totalAtRisk += atRisk.getOrDefault(e.getKey(), 0);
        }
        printRow("all hubs", total, totalAtRisk);
    }

    static void printRow(String hub, EnumMap<Outcome, Integer> counts, int atRisk) {
        int met = counts.getOrDefault(Outcome.MET, 0);
        int breached = counts.getOrDefault(Outcome.BREACHED, 0);
        String percent = met + breached == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * met / (met + breached));
        System.out.printf("  %-22s %5d %9d %8d %8d %7s%n", hub, met, breached, counts.getOrDefault(Outcome.PENDING, 0),
                atRisk, percent);
    }

    static Standard standardOf(String pathway) {
        return switch (pathway) {
            case "URGENT_CRISIS_RESPONSE" -> Standard.TWO_HOUR;
            case "HOME_FIRST_REABLEMENT", "END_OF_LIFE" -> Standard.TWO_DAY;
            default -> Standard.NONE;
        };
    }

    synchronized void printFailures() {
        if (failures.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Problems:");
        failures.forEach((what, examples) -> {
            System.out.printf("  %s: %d time%s%n", what, examples.size(), examples.size() == 1 ? "" : "s");
            examples.stream().limit(3).forEach(e -> System.out.println("    e.g. " + e));
        });
    }

    synchronized void fail(String what, String example) {
        failures.computeIfAbsent(what, w -> new ArrayList<>()).add(example);
    }

    // ------------------------------------------------------------------------------------------
    // HTTP and JSON by hand: the JDK only

    record Response(int status, String body) {
    }

    /** A GET as the demo system {@code client} (null: no token, for the open health checks). */
    Response get(String client, String url) {
        return send(tokens.authorise(client, HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "application/json")));
    }

    Response post(String client, String url, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach(request::header);
        return send(tokens.authorise(client, request));
    }

    /**
     * Access tokens of the demo's systems, by the client credentials grant at the token endpoint
     * that deploy/local/run names (HOMEFIRST_TOKEN_URL, HOMEFIRST_DEMO_CLIENT_SECRET). Each is asked
     * for again a minute before the lifetime the endpoint stated; the token itself is never read.
     * Without those variables no token is sent.
     */
    static final class Tokens {

        private final HttpClient http;
        private final String url;
        private final String secret;
        private final Map<String, String> tokens = new HashMap<>();
        private final Map<String, Instant> renewAt = new HashMap<>();

        private Tokens(HttpClient http, String url, String secret) {
            this.http = http;
            this.url = url;
            this.secret = secret;
        }

        static Tokens fromEnvironment(HttpClient http) {
            return new Tokens(http, System.getenv("HOMEFIRST_TOKEN_URL"), System.getenv("HOMEFIRST_DEMO_CLIENT_SECRET"));
        }

        HttpRequest.Builder authorise(String client, HttpRequest.Builder request) {
            if (client != null && url != null && !url.isBlank()) {
                request.header("Authorization", "Bearer " + token(client));
            }
            return request;
        }

        synchronized String token(String client) {
            if (!tokens.containsKey(client) || Instant.now().isAfter(renewAt.get(client))) {
                String form = "grant_type=client_credentials&client_id=" + client + "&client_secret="
                        + java.net.URLEncoder.encode(secret == null ? "" : secret, StandardCharsets.UTF_8);
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    String token = accessToken(response.body());
                    if (response.statusCode() != 200 || token == null) {
                        throw new IllegalStateException("the token endpoint answered " + response.statusCode() + " for " + client);
                    }
                    String lifetime = field(response.body(), "expires_in");
                    tokens.put(client, token);
                    renewAt.put(client, Instant.now().plusSeconds(Math.max(30, Long.parseLong(lifetime == null ? "300" : lifetime) - 60)));
                } catch (IOException e) {
                    throw new IllegalStateException("no token for " + client + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return tokens.get(client);
        }

        /** The access_token member of a token response: a JWS, so letters, digits, '-', '_' and '.' only. */
        static String accessToken(String body) {
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([A-Za-z0-9._-]+)\"").matcher(body == null ? "" : body);
            return m.find() ? m.group(1) : null;
        }
    }

    /** Status 0 with the reason when nothing answered; retries a failed connection twice (POSTs carry an idempotency key or are harmless to repeat after a refused connection). */
    Response send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(15));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(response.statusCode(), response.body());
            } catch (ConnectException e) {
                last = e;
                sleep(Duration.ofMillis(500));
            } catch (HttpTimeoutException e) {
                return new Response(0, "no answer within 15 s");
            } catch (IOException e) {
                last = e;
                sleep(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Response(0, "interrupted");
            }
        }
        String reason = last instanceof ConnectException ? "connection refused" : String.valueOf(last);
        return new Response(0, reason);
    }

    static String describe(Response r) {
        return r.status() == 0 ? "nothing (" + r.body() + ")" : String.valueOf(r.status());
    }

    /** The answer, shortened, with every identifier of the patient taken out. */
    static String redact(String body, Patient p) {
        if (body == null) {
            return "";
        }
        String text = body;
        for (String identifier : new String[] {p.nhsNumber(), p.givenName(), p.familyName(), p.dateOfBirth().toString(),
                p.postcode(), p.phone()}) {
            if (identifier != null && !identifier.isEmpty()) {
                text = text.replace(identifier, "[redacted]");
            }
        }
        text = text.replaceAll("\\b\\d{10}\\b", "[redacted]").replaceAll("\\s+", " ");
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    /** The string value of the first field of that name, or null: enough for the flat answers read here. */
    static String field(String json, String name) {
        if (json == null) {
            return null;
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|null|-?[0-9]+)").matcher(json);
        if (!m.find() || m.group(1).equals("null")) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    static String str(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    // ------------------------------------------------------------------------------------------

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    <T> T weighted(List<T> values, Function<T, Integer> weight) {
        int total = values.stream().mapToInt(weight::apply).sum();
        int roll = random.nextInt(total);
        for (T value : values) {
            roll -= weight.apply(value);
            if (roll < 0) {
                return value;
            }
        }
        throw new IllegalStateException();
    }

    static <T> String counts(List<T> items, Function<T, String> key) {
        Map<String, Long> counts = items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    static Map<String, Integer> orderedMap(Object... keysAndValues) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (Integer) keysAndValues[i + 1]);
        }
        return map;
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
