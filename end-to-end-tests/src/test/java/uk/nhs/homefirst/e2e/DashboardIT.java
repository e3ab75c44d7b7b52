package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.TestPatients;

/**
 * The ops dashboard's views in a real browser against the running platform (one sign-in, one page,
 * the tests in order): it loads with no console error and the figures of {@code /api/targets}; a
 * referral posted through the API is in the at-risk list within seconds, with no reload; a figure opens
 * the clocks behind it; the CSV link gives what the API gives; an alert opens its history; the live list
 * catches up after the connection dropped; a month revised after it was finalised is marked. A screenshot is kept as
 * {@code target/dashboard.png}. Chromium and Keycloak as {@link DashboardSignInIT}: skipped without
 * them, saying why, and failing in CI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How soon a referral must show in the at-risk list: through four services, Kafka and the page's stream. */
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(20);
    private static final String HUB = "hinckley-bosworth";

    private static WebDriver browser;
    private static String unavailable;
    private static String referral;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Received in the month before this one: its 2-hour clock breaches there, and the month is finalised. */
    private static String lastMonthReferral;
    private static Instant lastMonthReceived;

    @BeforeAll
    static void signedInAsOps() throws Exception {
        unavailable = Chromium.whyNot();
        if (unavailable != null) {
            return;
        }
        browser = Chromium.open("dashboard", 3200);
        browser.get(Platform.baseUrl("target-monitor-service") + "/");
        WebDriverWait wait = new WebDriverWait(browser, Chromium.PATIENCE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        Chromium.signIn(browser, "ops");
        // The hubs' names may take a retry to come (hub-allocation-service first reads its provider's keys).
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("tables"), "Hinckley & Bosworth"));
        wait.until(driver -> driver.findElement(By.id("liveStatus")).getText().startsWith("Live"));
        // Posted first, so that the monitor's minute to finalise months passes during the other tests.
        lastMonthReceived = LocalDate.now(LONDON).withDayOfMonth(1).minusDays(3).atTime(12, 0).atZone(LONDON).toInstant();
        lastMonthReferral = Referrals.crisis(TestPatients.nhsNumber(), "Dorothea", "Brooke", "LE11 3TU", lastMonthReceived);
    }

    @AfterAll
    static void screenshotAndClose() throws Exception {
        if (browser == null) {
            return;
        }
        try {
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    @BeforeEach
    void runsWhereItCan() {
        Chromium.runWhereItCan("DashboardIT", unavailable);
    }

    @Test
    @Order(1)
    void loadsWithNoConsoleErrorAndShowsTheFiguresOfTheApi() {
        // The page refreshes every 5 s: it shows what the API says at some moment of the wait.
        List<String> differences = new ArrayList<>();
        await().atMost(Chromium.PATIENCE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
            differences.clear();
            JsonNode targets = Json.read(get("/api/targets", "application/json"), JsonNode.class);
            // Every figure cell's text at once: one call, not one per cell.
            @SuppressWarnings("unchecked")
            Map<String, String> cells = (Map<String, String>) ((JavascriptExecutor) browser).executeScript(
                    "const m = {}; document.querySelectorAll('td[id^=\"fig-\"]').forEach(e => m[e.id] = e.innerText); return m;");
            for (JsonNode hub : targets.get("hubs")) {
                for (JsonNode standard : hub.get("standards")) {
                    for (JsonNode window : standard.get("windows")) {
                        String id = "fig-" + hub.get("hubId").asText() + "-" + standard.get("standard").asText() + "-"
                                + window.get("window").asText();
                        String shown = String.valueOf(cells.get(id));
                        String expected = (window.get("percentage").isNull() ? "no data"
                                : String.format("%.1f%%", window.get("percentage").decimalValue()))
                                + "|" + window.get("met").asInt() + " met|" + window.get("breached").asInt() + " breached|"
                                + window.get("excluded").asInt() + " excluded";
                        for (String part : expected.split("\\|")) {
                            if (!shown.contains(part)) {
                                differences.add(id + " shows '" + shown + "', not " + part);
                            }
                        }
                    }
                }
            }
            return differences.isEmpty();
        });
        assertThat(differences).isEmpty();
        assertThat(browser.findElement(By.id("trendChart")).findElements(By.tagName("canvas"))).as("the trend chart").isNotEmpty();
        assertThat(browser.findElement(By.id("monthlyRows")).getText()).isNotBlank();
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        assertThat(errors).as("the browser's console").isEmpty();
    }

    @Test
    @Order(2)
    void aReferralPostedThroughTheApiIsInTheAtRiskListWithinSeconds() throws Exception {
        // Received 100 minutes ago: a 2-hour clock with 20 minutes left, inside its 30-minute margin.
        Instant posted = Instant.now();
        referral = Referrals.crisis("9990000069", "Tertius", "Lydgate", "LE10 1AA", posted.minus(Duration.ofMinutes(100)));
        By row = By.cssSelector("#atRiskRows tr[data-referral='" + referral + "']");
        new WebDriverWait(browser, WITHIN_SECONDS).until(ExpectedConditions.presenceOfElementLocated(row));
        System.out.printf("DashboardIT: referral in the at-risk list %d ms after it was posted%n",
                Duration.between(posted, Instant.now()).toMillis());
        // Then at its hub once allocated, with its pathway once the list is read again; ids and facts only.
        // The list is redrawn from the live stream: the row is found again at each try, and its text kept from the try that matched.
        String text = new WebDriverWait(browser, Chromium.PATIENCE).ignoring(StaleElementReferenceException.class).until(driver -> {
            String shown = driver.findElement(row).getText();
            return shown.contains("Hinckley & Bosworth") && shown.contains("Urgent crisis response") ? shown : null;
        });
        assertThat(text).contains(referral, "Hinckley & Bosworth", "2-hour", "At risk", "min left");
        String page = browser.getPageSource();
        for (String identifier : List.of("9990000069", "Tertius", "Lydgate", "1950-05-17", "LE10 1AA")) {
            assertThat(page).as("the dashboard's document").doesNotContain(identifier);
        }
    }

    @Test
    @Order(3)
    void aFigureOpensTheClocksBehindIt() throws Exception {
        By pending = By.cssSelector("a[data-hub='" + HUB + "'][data-standard='TWO_HOUR'][data-window='24h'][data-status='PENDING']");
        new WebDriverWait(browser, Chromium.PATIENCE).until(ExpectedConditions.elementToBeClickable(pending));
        await().atMost(Chromium.PATIENCE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            browser.findElement(pending).click();
            new WebDriverWait(browser, Chromium.PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("clocks")));
            List<String> shown = browser.findElements(By.cssSelector("#clockRows tr[data-referral]")).stream()
                    .map(tr -> tr.getAttribute("data-referral")).sorted().toList();
            JsonNode clocks = Json.read(get("/api/clocks?hub=" + HUB + "&standard=TWO_HOUR&window=24h&status=PENDING",
                    "application/json"), JsonNode.class);
            List<String> expected = new ArrayList<>();
            clocks.get("clocks").forEach(c -> expected.add(c.get("referralId").asText()));
            assertThat(shown).containsExactlyElementsOf(expected.stream().sorted().toList()).contains(referral);
        });
        assertThat(browser.findElement(By.id("clocksHeading")).getText()).contains("pending", "Hinckley & Bosworth", "2-hour", "24h");
        // Opened by keyboard too: the focus moved to the list it opened.
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("clocks");
    }

    @Test
    @Order(4)
    void theCsvLinkGivesWhatTheApiGives() {
        WebElement link = browser.findElement(By.linkText("daily, all hubs"));
        String href = link.getAttribute("href");
        assertThat(href).contains("/api/figures/csv?period=DAY");
        await().atMost(Chromium.PATIENCE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            // Fetched as the link would be, with the page's session.
            Object downloaded = ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed ' + e));",
                    href);
            String csv = get(href.substring(href.indexOf("/api/")), "text/csv");
            assertThat(downloaded).isInstanceOf(String.class);
            assertThat(((String) downloaded).lines()).containsExactlyElementsOf(csv.lines().toList());
            assertThat(csv).startsWith("period,period_start,period_end,hub_id,hub_name,standard,met,breached");
        });
    }

    @Test
    @Order(5)
    void anAlertOpensItsHistory() throws Exception {
        // Five crisis referrals at Melton and Rutland with no visit, their 2 hours over: 0% over 24 hours, an alert.
        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3));
        for (int i = 0; i < 5; i++) {
            Referrals.crisis(TestPatients.nhsNumber(), "Celia", "Brooke", "LE13 1AB", threeHoursAgo);
        }
        String[] alertId = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode alert : Json.read(get("/api/alerts", "application/json"), JsonNode.class).get("open")) {
                if (alert.get("hubId").asText().equals("melton-rutland") && alert.get("standard").asText().equals("TWO_HOUR")) {
                    alertId[0] = alert.get("alertId").asText();
                    return true;
                }
            }
            return false;
        });
        By history = By.cssSelector("#alertRows tr[data-alert='" + alertId[0] + "'] a");
        // The alert list is redrawn from the live stream: a row found a moment ago may be replaced before the click.
        new WebDriverWait(browser, WITHIN_SECONDS).ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(history).click();
            return true;
        });
        WebElement detail = new WebDriverWait(browser, Chromium.PATIENCE).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("alertDetail")));
        new WebDriverWait(browser, Chromium.PATIENCE).until(driver -> detail.getText().contains(alertId[0]));
        JsonNode alert = Json.read(get("/api/alerts/" + alertId[0], "application/json"), JsonNode.class).get("alert");
        assertThat(detail.getText()).contains("Melton", "2-hour", "Raised",
                String.format("%.1f%%: %d met, %d breached", alert.get("raisedPercentage").decimalValue(),
                        alert.get("raisedMet").asInt(), alert.get("raisedBreached").asInt()),
                "threshold 70.0%", "Earlier alerts here");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("alertDetail");
    }

    @Test
    @Order(6)
    void aMonthRevisedAfterItWasFinalisedIsMarked() throws Exception {
        String month = LocalDate.ofInstant(lastMonthReceived, LONDON).withDayOfMonth(1).toString();
        // Finalised within a minute of the monitor's start (it looks at months every minute): the
        // referral was posted before the other tests, and this test comes before the one that restarts it.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            JsonNode row = lastMonth(month);
            return row != null && !row.path("finalisedAt").isNull() && row.path("breached").asInt() > 0;
        });
        // The hub's staff record, late, the visit they made 50 minutes after the call: the clock met, the month revised.
        HttpResponse<String> visit = HTTP.send(HttpRequest.newBuilder(URI.create(Platform.baseUrl("hub-allocation-service")
                + "/api/visits")).header("Authorization", "Bearer " + Platform.token("hub-staff"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"referralId": "%s", "visitedAt": "%s", "outcome": "ATTENDED", "contactType": "IN_PERSON",
                         "staffRole": "NURSE"}
                        """.formatted(lastMonthReferral, lastMonthReceived.plus(Duration.ofMinutes(50))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(visit.statusCode()).as(visit.body()).isEqualTo(201);
        await().atMost(Chromium.PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> lastMonth(month).path("revisions").size() > 0);
        JsonNode finalised = lastMonth(month).get("finalised");
        browser.navigate().refresh();
        By row = By.cssSelector("#monthlyRows tr[data-hub='charnwood-nwl'][data-month='" + month.substring(0, 7) + "']");
        // The monthly rows are redrawn as figures arrive: a row found a moment ago may be replaced before it is read.
        String revised = new WebDriverWait(browser, Chromium.PATIENCE).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement shown = driver.findElement(row);
            return "true".equals(shown.getAttribute("data-revised")) ? shown.getText() : null;
        });
        assertThat(revised).contains(month.substring(0, 7), "Charnwood", "Revised", "1 change since finalised at "
                + finalised.get("met").asInt() + " met, " + finalised.get("breached").asInt() + " breached");
    }

    @Test
    @Order(7)
    void theLiveListCatchesUpAfterTheConnectionDropped() throws Exception {
        new WebDriverWait(browser, Chromium.PATIENCE).until(driver ->
                driver.findElement(By.id("liveStatus")).getText().startsWith("Live"));
        // The monitor stops (a restart, a deployment): the page's stream drops, and the page says so.
        ServiceProcess monitor = Platform.services().get("target-monitor-service");
        monitor.stop();
        String missed;
        try {
            new WebDriverWait(browser, Chromium.PATIENCE).until(driver ->
                    driver.findElement(By.id("liveStatus")).getText().startsWith("Reconnecting"));
            // Referred while the page cannot hear: at risk as soon as the monitor reads it.
            missed = Referrals.crisis(TestPatients.nhsNumber(), "Rosamond", "Vincy", "LE2 1AA", Instant.now().minus(Duration.ofMinutes(100)));
        } finally {
            monitor.start(Duration.ofMinutes(3));
        }
        // The page reconnects on its own, with the last event's id, and its lists are read again: the
        // referral is in the at-risk list and its announcement in the page's log, which only the stream writes.
        new WebDriverWait(browser, WITHIN_SECONDS).until(driver ->
                driver.findElement(By.id("liveStatus")).getText().startsWith("Live"));
        new WebDriverWait(browser, WITHIN_SECONDS).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#atRiskRows tr[data-referral='" + missed + "']")));
        new WebDriverWait(browser, WITHIN_SECONDS).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("events"), "referral " + missed));
    }

    /** The 2-hour figure of Charnwood for the month starting {@code month}, or null. */
    private static JsonNode lastMonth(String month) throws Exception {
        JsonNode figures = Json.read(get("/api/figures?period=MONTH&standard=TWO_HOUR&hub=charnwood-nwl&from=" + month + "&to=" + month,
                "application/json"), JsonNode.class);
        for (JsonNode row : figures.get("rows")) {
            if (row.get("start").asText().equals(month)) {
                return row;
            }
        }
        return null;
    }

    private static String get(String path, String accept) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Platform.baseUrl("target-monitor-service") + path))
                .header("Authorization", "Bearer " + Platform.token("ops")).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
