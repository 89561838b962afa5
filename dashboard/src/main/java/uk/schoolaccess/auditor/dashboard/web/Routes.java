package uk.schoolaccess.auditor.dashboard.web;

import io.javalin.Javalin;
import uk.schoolaccess.auditor.dashboard.web.pages.AccessLogPage;
import uk.schoolaccess.auditor.dashboard.web.pages.InvestigationPages;
import uk.schoolaccess.auditor.dashboard.web.pages.PersonPage;
import uk.schoolaccess.auditor.dashboard.web.pages.StaffDirectoryPage;
import uk.schoolaccess.auditor.dashboard.web.pages.SubjectAccessPages;

/**
 * Pages registered beside the core ones (people, subject access, the DSL's investigations, the
 * access log): each page class adds its own routes here.
 */
final class Routes {

    private Routes() {
    }

    static void extra(WebServer.Web web, Javalin app) {
        new PersonPage(web).routes(app);
        new StaffDirectoryPage(web).routes(app);
        new SubjectAccessPages(web).routes(app);
        new InvestigationPages(web).routes(app);
        new AccessLogPage(web).routes(app);
    }
}
