package uk.schoolaccess.auditor.dashboard.web;

import io.javalin.Javalin;

/**
 * Pages registered beside the core ones (people, subject access, the DSL's investigations, the
 * access log): each page class adds its own routes here.
 */
final class Routes {

    private Routes() {
    }

    static void extra(WebServer.Web web, Javalin app) {
        // Registered by the page classes as they are added.
    }
}
