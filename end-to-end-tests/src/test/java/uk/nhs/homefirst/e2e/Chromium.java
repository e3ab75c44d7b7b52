package uk.nhs.homefirst.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityProviders;

/**
 * Debian's headless Chromium, driven by Selenium, for the dashboard's browser tests: where it is, why a
 * test cannot run here, and a browser that keeps its console for the test to read.
 *
 * <p>{@code apt-get install chromium chromium-driver} ({@code .ci/run} does); {@code HOMEFIRST_CHROMIUM}
 * and {@code HOMEFIRST_CHROMEDRIVER} name others.
 */
final class Chromium {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("HOMEFIRST_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("HOMEFIRST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Chromium() {
    }

    /**
     * Why the dashboard cannot be tested in a browser here, or null: no Chromium, or no Keycloak (the
     * local issuer signs nobody in to a browser). Starts the platform to know the latter.
     */
    static String whyNot() {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            return "Chromium and chromedriver are needed for the dashboard's browser test and are not at " + BINARY
                    + " and " + DRIVER + ": apt-get install -y chromium chromium-driver (or set HOMEFIRST_CHROMIUM "
                    + "and HOMEFIRST_CHROMEDRIVER)";
        }
        IdentityProviders.Started identity = Platform.identity();
        if (identity.whyNotKeycloak() != null) {
            return "the dashboard's sign-in needs Keycloak, and the end-to-end tests run the local issuer, because "
                    + identity.whyNotKeycloak();
        }
        return null;
    }

    /** Fails in CI, where the browser tests must run; skips elsewhere. Either way, says why. */
    static void runWhereItCan(String test, String unavailable) {
        if (unavailable == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(unavailable);
        }
        System.err.println(test + " skipped: " + unavailable);
        Assumptions.abort(unavailable);
    }

    /** Signs in on Keycloak's page, where the browser stands, as the demo user of the role. */
    static void signIn(WebDriver browser, String role) {
        DemoUser user = Platform.user(role);
        browser.findElement(By.id("username")).sendKeys(user.username());
        browser.findElement(By.id("password")).sendKeys(Platform.identity().userPassword());
        browser.findElement(By.id("kc-login")).click();
    }

    /** A headless browser of {@code height} pixels, its console kept (read with {@code manage().logs()}). */
    static WebDriver open(String name, int height) {
        ChromeOptions options = new ChromeOptions().setBinary(BINARY.toFile())
                // Root in a container has no sandbox to give Chromium; /dev/shm may be small.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280," + height,
                        "--disable-gpu", "--no-first-run");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .withLogFile(Path.of("target", "e2e-logs", name + "-chromedriver.log").toFile()).build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PATIENCE);
        return browser;
    }
}
