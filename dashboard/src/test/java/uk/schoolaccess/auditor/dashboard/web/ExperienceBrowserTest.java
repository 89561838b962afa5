package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * What a DPO who is not technical reads, in a real headless browser, on a desktop and on a phone
 * (400 px): times in school time with the zone said once, findings in plain words with the
 * statistics behind "How this was judged", and the staff directory. Screenshots go to
 * target/screenshots/experience-*.png. Skipped where chromium is not installed.
 */
class ExperienceBrowserTest {

    @Test
    void a_dpo_reads_findings_in_plain_words_and_school_time_on_a_desktop_and_a_phone() throws Exception {
        Browser.assumeInstalled();
        TestSchool school = TestSchool.get();
        String id = school.findingOf("out_of_role_access");
        try (Browser b = Browser.start(school.server(Clock.systemUTC()), "experience")) {
            b.signIn("dpo");
            assertEquals("Times are school time (Europe/London).", b.find("#time-note").getText());
            b.screenshot("experience-weekly-desktop");

            b.open("/findings");
            b.waitFor("#findings");
            String list = b.find("#findings").getText();
            assertFalse(list.contains("out_of_role_access"), "no detector ids in the list");
            assertFalse(list.contains("UTC"), "school time in the list");
            b.screenshot("experience-findings-desktop");

            b.open("/findings/" + id);
            b.waitFor("#kind");
            String title = b.find("h1").getText();
            assertFalse(title.contains("_"), "a title in words: " + title);
            assertFalse(b.find("#summary").getText().contains("UTC"), b.find("#summary").getText());
            if (!b.driver.findElements(By.cssSelector("#how-judged")).isEmpty()) {
                assertFalse(b.find("#how-judged p").isDisplayed(), "the statistics wait behind the disclosure");
                b.find("#how-judged summary").click();
                assertTrue(b.find("#how-judged p").isDisplayed());
                assertTrue(b.find("#baseline-sentence").getText().contains("usually"), b.find("#baseline-sentence").getText());
            }
            b.screenshot("experience-finding-desktop");

            b.open("/people");
            b.waitFor("#people");
            b.screenshot("experience-people-desktop");

            b.driver.manage().window().setSize(new Dimension(400, 900));
            for (String page : new String[] {"/findings/" + id, "/findings", "/people"}) {
                b.open(page);
                b.waitFor("main");
                Number width = (Number) b.driver.executeScript("return document.documentElement.scrollWidth");
                System.out.println("experience: " + page + " at 400 px is " + width + " px wide");
                b.screenshot("experience-" + (page.startsWith("/findings/") ? "finding" : page.substring(1)) + "-phone");
            }
        }
    }
}
