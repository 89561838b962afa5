package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Case-style triage in a real headless browser, as the DPO does it, on a desktop and on a phone
 * (400 px): tick findings and assign them in bulk, put one under investigation, preview and make
 * an exception from it and see it suppressed; then the findings list, a finding, the staff
 * directory and a person's page at 400 px, none of them wider than the screen. Screenshots go to
 * target/screenshots/triage-*.png. What it changes in the shared school is put back.
 */
class TriageBrowserTest {

    @Test
    void the_dpo_triages_in_bulk_makes_an_exception_and_every_triage_page_fits_a_phone() throws Exception {
        Browser.assumeInstalled();
        TestSchool school = TestSchool.get();
        List<String> picked = school.rows("SELECT finding_id FROM findings WHERE status = 'open' AND staff_id IS NOT NULL "
                + "AND finding_id NOT IN (SELECT min(finding_id) FROM findings GROUP BY detector UNION "
                + "SELECT max(finding_id) FROM findings GROUP BY detector) ORDER BY finding_id DESC LIMIT 2")
                .stream().map(r -> (String) r.get("finding_id")).toList();
        try (Browser b = Browser.start(school.server(Clock.systemUTC()), "triage")) {
            b.signIn("dpo");
            b.open("/findings?sort=oldest&per=500");
            b.waitFor("#findings");
            for (String id : picked) {
                b.find("input.pick[value='" + id + "']").click();
            }
            b.find("#bulk-assign").click();
            new Select(b.find("#bulk-assignee")).selectByVisibleText("dsl");
            b.screenshot("triage-findings-desktop");
            b.find("#bulk-apply").click();
            b.waitForPathStarting("/findings");
            b.waitFor("#findings");
            assertTrue(b.driver.getCurrentUrl().contains("sort=oldest"), "back to the list as it was: " + b.driver.getCurrentUrl());
            for (String id : picked) {
                assertEquals("dsl", school.one("SELECT assignee FROM findings WHERE finding_id = ?", id));
            }

            String id = picked.get(0);
            b.open("/findings/" + id);
            b.waitFor("#status");
            b.find("#investigate").click();
            b.find("#note").sendKeys("Asked the office manager what the export was for (browser test).");
            b.find("#decide").click();
            b.waitFor("#history");
            assertTrue(b.find("#status").getText().startsWith("under investigation"), b.find("#status").getText());
            assertTrue(b.find("#history").getText().contains("dpo: under investigation"), b.find("#history").getText());
            assertEquals("dsl", b.find("#assignee").getText());
            b.screenshot("triage-finding-desktop");

            // an exception from the other one, still open
            String routine = picked.get(1);
            b.open("/findings/" + routine);
            b.find("#make-exception").click();
            b.waitFor("#would-count");
            Select weekday = new Select(b.find("#ex-weekday"));
            weekday.selectByIndex(1); // "only Fridays": the finding's own weekday
            b.find("#ex-preview").click();
            new WebDriverWait(b.driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("weekday="));
            b.waitFor("#would-count");
            b.screenshot("triage-exception-desktop");
            String would = b.find("#would-count").getText();
            assertTrue(would.matches("[1-9]\\d* existing open finding\\(s\\) would be suppressed."), would);
            assertTrue(!b.driver.findElements(By.cssSelector("#would a[href='/findings/" + routine + "']")).isEmpty(),
                    "the preview lists the finding it is made from");
            b.find("#ex-reason").sendKeys("The office's Friday attendance export is routine (browser test).");
            b.find("#ex-save").click();
            b.waitForPath("/exceptions");
            b.waitFor("#exceptions");
            assertEquals("/exceptions", b.path());
            b.screenshot("triage-exceptions-desktop");
            b.open("/findings/" + routine);
            b.waitFor("#suppressed-by");
            assertTrue(b.find("#suppressed-by").getText().startsWith("suppressed by exception"), b.find("#suppressed-by").getText());
            b.screenshot("triage-suppressed-desktop");

            b.open("/findings?suppressed=show&per=500");
            b.waitFor("#findings");

            b.driver.manage().window().setSize(new Dimension(400, 900));
            String staff = (String) school.one("SELECT staff_id FROM findings WHERE finding_id = ?", id);
            for (String[] page : new String[][] {{"/findings", "findings"}, {"/findings/" + id, "finding"},
                    {"/people", "people"}, {"/people/" + staff, "person"}, {"/exceptions", "exceptions"}}) {
                b.open(page[0]);
                b.waitFor("main");
                long width = ((Number) b.driver.executeScript("return document.documentElement.scrollWidth")).longValue();
                long screen = ((Number) b.driver.executeScript("return window.innerWidth")).longValue();
                b.screenshot("triage-" + page[1] + "-phone");
                assertTrue(width <= screen, page[0] + " at " + screen + " px is " + width + " px wide");
                for (WebElement t : b.driver.findElements(By.cssSelector("main table"))) {
                    long right = ((Number) b.driver.executeScript("return arguments[0].getBoundingClientRect().right", t))
                            .longValue();
                    assertTrue(right <= screen, page[0] + ": a table reaches " + right + " px");
                }
            }
        } finally {
            school.db.update("DELETE FROM finding_exceptions");
            for (String id : picked) {
                school.db.update("UPDATE findings SET status = 'open', disposition = NULL, note = NULL, reviewed_by = NULL, "
                        + "reviewed_at = NULL, assignee = NULL WHERE finding_id = ?", id);
                school.db.update("DELETE FROM finding_history WHERE finding_id = ?", id);
                school.db.update("DELETE FROM finding_decisions WHERE finding_id = ?", id);
            }
        }
    }
}
