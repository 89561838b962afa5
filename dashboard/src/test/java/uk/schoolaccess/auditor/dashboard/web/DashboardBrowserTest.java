package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The core pages in a real headless browser: sign in, the weekly audit, the findings list, one
 * finding, a dismissal with a note that survives a re-run of the audit. Screenshots go to
 * target/screenshots/. Skipped (not failed) where chromium or chromedriver is not installed.
 */
class DashboardBrowserTest {

    @Test
    void sign_in_read_the_week_dismiss_a_finding_and_the_dismissal_survives_a_re_audit() throws Exception {
        Browser.assumeInstalled();
        TestSchool school = TestSchool.get();
        String id = school.findingOf("bulk_export");
        try (Browser b = Browser.start(school.server(Clock.systemUTC()), "core")) {
            b.open("/findings");
            assertEquals("/login", b.path(), "signed out, a page sends you to sign in");
            b.signIn("dpo");
            assertEquals("/", b.path());
            assertTrue(b.find("h1").getText().startsWith("Weekly audit"), b.find("h1").getText());
            b.find("#by-detector");
            b.find("#mfa");
            b.find("#coverage");
            b.find("#health");
            assertFalse(b.driver.findElements(By.cssSelector("svg")).isEmpty(), "the trend chart is drawn");
            b.screenshot("weekly");

            b.driver.findElement(By.linkText("Findings")).click();
            b.waitForPath("/findings");
            b.waitFor("#findings");
            List<WebElement> rows = b.driver.findElements(By.cssSelector("#findings tbody tr"));
            assertEquals(((Number) school.one("SELECT count(*) FROM findings")).intValue(), rows.size(),
                    "the DPO sees every finding");
            b.screenshot("findings");

            b.find("#findings a.open-finding[href='/findings/" + id + "']").click();
            b.waitForPath("/findings/" + id);
            b.waitFor("#timeline");
            assertTrue(b.find("#status").getText().startsWith("open"), b.find("#status").getText());
            assertFalse(b.driver.findElements(By.cssSelector("#timeline tbody tr")).isEmpty(), "evidence shown");
            b.screenshot("finding");

            b.find("#dismiss").click();
            b.find("#note").sendKeys("Census return export agreed with the DPO in advance (browser test).");
            b.find("#decide").click();
            b.waitFor("#history");
            assertEquals("/findings/" + id, b.path());
            assertTrue(b.find("#status").getText().startsWith("dismissed"), b.find("#status").getText());
            assertTrue(b.find("#history").getText().contains("dpo: dismissed"), b.find("#history").getText());
            b.screenshot("finding-dismissed");

            school.audit();
            b.driver.navigate().refresh();
            b.waitFor("#status");
            assertTrue(b.find("#status").getText().startsWith("dismissed"), "still dismissed after a re-audit: "
                    + b.find("#status").getText());
            assertEquals("dismissed", school.one("SELECT status FROM findings WHERE finding_id = ?", id));

            b.open("/findings?status=dismissed");
            assertTrue(b.find("#findings").getText().contains("dismissed"));
            assertFalse(b.driver.findElements(By.cssSelector("#findings a[href='/findings/" + id + "']")).isEmpty(),
                    "the dismissed finding is listed under status dismissed");

            // signing out ends the session
            b.find("form.signout button").click();
            b.waitForPath("/login");
            b.open("/findings");
            assertEquals("/login", b.path());
        }
    }
}
