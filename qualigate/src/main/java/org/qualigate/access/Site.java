package org.qualigate.access;

import java.time.ZoneId;
import java.util.List;

/** A plant site with its time zone (date-only values from sources are read in it) and production lines. */
public record Site(String code, String name, ZoneId zone, List<String> lines) {

    public Site {
        lines = List.copyOf(lines);
    }
}
