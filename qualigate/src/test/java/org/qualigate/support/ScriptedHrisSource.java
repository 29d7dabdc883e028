package org.qualigate.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;

/**
 * A pulled source whose answers the test scripts: pages of records, or a failure. It stands in for a
 * vendor only where the pull scheduler itself is under test; the vendor adapters are tested against the
 * sandbox's simulators.
 */
public final class ScriptedHrisSource implements HrisSource {

    public static final String NAME = "scripted";

    private final List<List<SourceRecord>> pages = new CopyOnWriteArrayList<>();
    private final List<PullWindow> windows = new CopyOnWriteArrayList<>();
    private volatile @Nullable TargetException failure;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PullPage pull(PullWindow window, @Nullable String pageToken) {
        if (failure != null) {
            throw failure;
        }
        int index = pageToken == null ? 0 : Integer.parseInt(pageToken);
        if (index == 0) {
            windows.add(window);
        }
        if (pages.isEmpty()) {
            return new PullPage(List.of(), null);
        }
        return new PullPage(pages.get(index), index + 1 < pages.size() ? Integer.toString(index + 1) : null);
    }

    public void serve(List<List<SourceRecord>> next) {
        pages.clear();
        pages.addAll(next);
    }

    public void failWith(@Nullable TargetException e) {
        failure = e;
    }

    public List<PullWindow> windows() {
        return new ArrayList<>(windows);
    }
}
