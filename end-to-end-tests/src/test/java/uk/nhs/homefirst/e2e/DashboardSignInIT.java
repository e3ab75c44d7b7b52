package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops dashboard in a real browser (Debian's headless Chromium, driven by Selenium), against the
 * platform and Keycloak: an unauthenticated visit is sent to sign in; the ops user signs in with the
 * authorization code flow, sees the figures with the hubs' names, and no patient identifier; a
 * session that has ended is said to have; signing out ends it at Keycloak too. One browser, one
 * Keycloak (the end-to-end tests' own), one run through.
 *
 * <p>Chromium and chromedriver come from Debian ({@code apt-get install chromium chromium-driver},
 * which {@code .ci/run} does); {@code HOMEFIRST_CHROMIUM} and {@code HOMEFIRST_CHROMEDRIVER} name
 * others. Without them, or without Keycloak (the local issuer signs nobody in to a browser), this
 * test fails in CI ({@code CI=true}) and is skipped elsewhere, saying why.
 */
class DashboardSignInIT {

    private static final Duration PATIENCE = Chromium.PATIENCE;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WebDriver browser;
    /** Why the test cannot run here, or null. */
    private static String unavailable;

    @BeforeAll
    static void aBrowserAndThePlatform() {
        unavailable = Chromium.whyNot();
        if (unavailable == null) {
            browser = Chromium.open("sign-in", 1024);
        }
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Fails in CI, where the browser test must run; skips elsewhere. Either way, says why. */
    @BeforeEach
    void runsWhereItCan() {
        Chromium.runWhereItCan("DashboardSignInIT", unavailable);
    }

    @Test
    void opsSignInSeeTheFiguresAndNoPatientAndSignOut() throws Exception {
        String monitor = Platform.baseUrl("target-monitor-service");
        String keycloak = Platform.identity().provider().baseUrl();
        // A patient whose details must never reach the dashboard, though the monitor counts the referral
        // (in Hinckley: Charnwood's figures are PlatformIT's).
        String referral = Referrals.crisis("9990000050", "Dorothea", "Brooke", "LE10 0AB", Instant.now().minusSeconds(60));
        await().atMost(PATIENCE).until(() -> opsCanSee("/api/clocks?hub=hinckley-bosworth&standard=TWO_HOUR&status=PENDING", referral));

        // Not signed in: sent to Keycloak's sign-in, as the dashboard's client.
        browser.get(monitor + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak + "/realms/homefirst/protocol/openid-connect/auth")
                .contains("client_id=home-first-dashboard");

        Chromium.signIn(browser, "ops");

        // Back on the dashboard, signed in: the figures, with the hubs named as hub-allocation-service
        // names them (read by the monitor with the sign-in's access token).
        seeTheFigures(wait);
        assertThat(browser.getCurrentUrl()).startsWith(monitor + "/");
        wait.until(driver -> driver.findElement(By.id("awaiting")).getText().matches("\\d+"));
        String page = browser.findElement(By.tagName("body")).getText();
        assertThat(page).contains("2-hour urgent crisis response", "24h", "Pending", "Sign out");
        assertThat(browser.findElement(By.id("session")).isDisplayed()).isFalse();
        for (String identifier : List.of("9990000050", "999 000 0050", "Dorothea", "Brooke", "1950-05-17", "LE10 0AB")) {
            assertThat(page).as("the dashboard's text").doesNotContain(identifier);
            assertThat(browser.getPageSource()).as("the dashboard's document").doesNotContain(identifier);
        }

        // The session ends (its cookie gone, as when it expires): the page's next call is refused, and it says so.
        for (Cookie cookie : browser.manage().getCookies()) {
            if (cookie.getName().startsWith("q_session")) {
                browser.manage().deleteCookieNamed(cookie.getName());
            }
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session")));
        assertThat(browser.findElement(By.id("session")).getText()).contains("Your session has ended");

        // Signing in again (Keycloak may still know the user), then signing out.
        browser.findElement(By.linkText("Sign in again")).click();
        wait.until(driver -> !driver.findElements(By.id("username")).isEmpty() || driver.getCurrentUrl().startsWith(monitor));
        if (!browser.findElements(By.id("username")).isEmpty()) {
            Chromium.signIn(browser, "ops");
        }
        seeTheFigures(wait);
        browser.findElement(By.id("signOut")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signedOut")));
        assertThat(browser.getCurrentUrl()).startsWith(monitor + "/signed-out.html");
        browser.get(monitor + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak);
    }

    /** The names may take a retry to come (hub-allocation-service first reads its provider's keys): a minute. */
    private static void seeTheFigures(WebDriverWait wait) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("tables"), "Charnwood & North West Leicestershire"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no figures with the hubs' names at " + browser.getCurrentUrl() + "; the page says: "
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private static boolean opsCanSee(String path, String text) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Platform.baseUrl("target-monitor-service") + path))
                .header("Authorization", "Bearer " + Platform.token("ops")).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains(text);
    }
}
