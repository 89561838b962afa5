package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG built on the server: no script, so the page keeps a CSP without any
 * script source, and the chart prints as it shows.
 */
public final class Svg {

    private Svg() {
    }

    /** One bar of a chart, with its stacked parts (e.g. high, medium, low). */
    public record Bar(String label, List<Double> parts) {
        double total() {
            return parts.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    static final List<String> COLOURS = List.of("#b3261e", "#e8a33d", "#7a9cc6", "#6b8e23");

    public static String stackedBars(List<Bar> bars, List<String> partNames, String title) {
        int w = 640;
        int h = 220;
        int left = 40;
        int bottom = 40;
        double max = Math.max(1, bars.stream().mapToDouble(Bar::total).max().orElse(1));
        double slot = bars.isEmpty() ? 0 : (w - left - 10.0) / bars.size();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                w, h, esc(title)));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left,
                h - bottom, w - 10, h - bottom));
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-size=\"11\">%s</text>", fmt(max)));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = left + i * slot + slot * 0.15;
            double y = h - bottom;
            for (int k = 0; k < bar.parts().size(); k++) {
                double hh = (h - bottom - 20) * bar.parts().get(k) / max;
                y -= hh;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                + "fill=\"%s\"><title>%s: %s %s</title></rect>", x, y, slot * 0.7, hh,
                        COLOURS.get(k % COLOURS.size()), esc(bar.label()), fmt(bar.parts().get(k)),
                        esc(partNames.get(k))));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    x + slot * 0.35, h - bottom + 14, esc(bar.label())));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    x + slot * 0.35, y - 3, fmt(bar.total())));
        }
        for (int k = 0; k < partNames.size(); k++) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", left + k * 110, h - 14,
                    COLOURS.get(k % COLOURS.size()), left + k * 110 + 14, h - 5, esc(partNames.get(k))));
        }
        return b.append("</svg>").toString();
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
