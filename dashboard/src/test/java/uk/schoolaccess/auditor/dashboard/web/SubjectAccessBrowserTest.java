package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The pages of the route contract in a real headless browser: a subject access look-up for a
 * pupil with its CSV download and printable page, a person page, the DSL's investigations and
 * the access log, with screenshots in target/screenshots/. Skipped (not failed) where chromium
 * or chromedriver is not installed.
 */
class SubjectAccessBrowserTest {

    @Test
    void the_dpo_runs_a_subject_access_look_up_and_downloads_its_csv() throws Exception {
        Browser.assumeInstalled();
        TestSchool school = TestSchool.get();
        var p = school.rows("SELECT p.pupil_id, p.forename, p.surname FROM pupils p WHERE EXISTS (SELECT 1 FROM "
                + "record_access r WHERE r.pupil_id = p.pupil_id) AND NOT EXISTS (SELECT 1 FROM staff s WHERE "
                + "s.display_name ILIKE '%' || p.surname || '%' OR s.display_name ILIKE '%' || p.forename || '%') "
                + "ORDER BY p.pupil_id DESC LIMIT 1").get(0);
        String pupil = (String) p.get("pupil_id");
        long accesses = (Long) school.one("SELECT count(*) FROM record_access WHERE pupil_id = ? OR incident_id IN "
                + "(SELECT incident_id FROM incidents WHERE pupil_id = ?)", pupil, pupil);
        String staff = (String) school.one("SELECT min(staff_id) FROM findings WHERE detector = 'out_of_role_access'");
        long logged = (Long) school.one("SELECT count(*) FROM access_log WHERE kind = 'sar' AND subject = ?",
                "pupil:" + pupil);
        try (Browser b = Browser.start(school.server(Clock.systemUTC()), "sar")) {
            b.signIn("dpo");
            b.driver.findElement(By.linkText("Subject access")).click();
            b.waitForPath("/sar");
            b.waitFor("#sar-run");
            b.find("input[name='pupil']").sendKeys(pupil);
            b.find("#sar-run").click();
            b.waitFor("#sar-results");
            List<WebElement> rows = b.driver.findElements(By.cssSelector("#sar-results tr")).stream()
                    .filter(r -> !r.findElements(By.tagName("td")).isEmpty()).toList();
            assertEquals(accesses, rows.size(), "every access to the pupil's records is listed");
            String text = b.find("main").getText();
            for (Object name : List.of(p.get("forename"), p.get("surname"))) {
                assertFalse(Pattern.compile("\\b" + Pattern.quote((String) name) + "\\b").matcher(text).find(),
                        "the pupil's name is never shown");
            }
            b.screenshot("sar");

            String csvHref = b.find("#sar-csv").getAttribute("href");
            assertTrue(csvHref.contains("/sar.csv?") && csvHref.contains("pupil=" + pupil), csvHref);
            HttpResponse<String> csv = b.fetch(csvHref);
            assertEquals(200, csv.statusCode(), csv.body());
            assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"),
                    csv.headers().toString());
            assertEquals(accesses, csv.body().lines().filter(l -> !l.isBlank()).count() - 1,
                    "the CSV holds the same rows as the page, under a header");
            HttpResponse<String> signedOut = Browser.anonymous(b.origin + "/sar.csv?pupil=" + pupil);
            assertEquals(302, signedOut.statusCode(), "no download without the session");

            b.find("#sar-print").click();
            b.waitForPath("/sar/print");
            assertTrue(b.find("body").getText().contains(pupil));
            b.screenshot("sar-print");
            assertEquals(logged + 3, school.one("SELECT count(*) FROM access_log WHERE kind = 'sar' AND subject = ?",
                    "pupil:" + pupil), "page, CSV and print each logged");

            b.open("/people/" + staff);
            assertEquals(200, b.fetch("/people/" + staff).statusCode());
            assertTrue(b.find("main").getText().contains(staff));
            b.screenshot("person");

            b.driver.findElement(By.linkText("Access log")).click();
            b.waitForPath("/access-log");
            assertTrue(b.find("main").getText().contains("pupil:" + pupil));
            b.screenshot("access-log");

            b.find("form.signout button").click();
            b.waitForPath("/login");
            b.signIn("dsl");
            b.driver.findElement(By.linkText("Browsing investigations")).click();
            b.waitForPath("/dsl");
            b.screenshot("dsl");
            List<WebElement> incidents = b.driver.findElements(By.cssSelector("main a[href^='/dsl/incidents/']"));
            if (!incidents.isEmpty()) {
                incidents.get(0).click();
                b.waitForPathStarting("/dsl/incidents/");
                b.screenshot("dsl-incident");
            }
            assertTrue(b.driver.findElements(By.linkText("Subject access")).isEmpty(), "no SAR link for the DSL");
            b.open("/sar");
            assertTrue(b.find("h1").getText().contains("Not for your role"), b.find("h1").getText());
        }
    }
}
