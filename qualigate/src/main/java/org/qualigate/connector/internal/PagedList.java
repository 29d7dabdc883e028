package org.qualigate.connector.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A list a system hands out in pages, read whole: each page's rows, then the page its link names, until a page names
 * none. A system that could link on without end is stopped after {@code maxPages} pages, before the next is fetched.
 */
public final class PagedList {

    private PagedList() {}

    /**
     * Every row of every page from {@code first} on: {@code rows} makes a page's rows, {@code next} gives the link to
     * the page after it (null on the last), {@code fetch} fetches a linked page; {@code tooMany} is thrown when a link
     * follows the {@code maxPages}th page.
     */
    public static <P, L, R> List<R> readAll(
            P first,
            Function<P, ? extends Collection<? extends R>> rows,
            Function<P, @Nullable L> next,
            Function<L, P> fetch,
            int maxPages,
            Supplier<? extends RuntimeException> tooMany) {
        List<R> all = new ArrayList<>();
        P page = first;
        for (int pages = 1; ; pages++) {
            all.addAll(rows.apply(page));
            L link = next.apply(page);
            if (link == null) {
                return all;
            }
            if (pages >= maxPages) {
                throw tooMany.get();
            }
            page = fetch.apply(link);
        }
    }
}
