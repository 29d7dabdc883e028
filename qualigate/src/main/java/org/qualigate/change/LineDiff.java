package org.qualigate.change;

import java.util.ArrayList;
import java.util.List;

/** A line diff of two versions (longest common subsequence), as kept, added and removed lines. */
final class LineDiff {

    private static final int MAX_LINES = 20_000;

    private LineDiff() {}

    static List<ChangeSets.DiffLine> of(String older, String newer) {
        String[] a = older.split("\n", -1);
        String[] b = newer.split("\n", -1);
        if ((long) a.length * b.length > (long) MAX_LINES * 200) {
            List<ChangeSets.DiffLine> whole = new ArrayList<>();
            for (String s : a) whole.add(new ChangeSets.DiffLine("-", s));
            for (String s : b) whole.add(new ChangeSets.DiffLine("+", s));
            return whole;
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<ChangeSets.DiffLine> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new ChangeSets.DiffLine(" ", a[i]));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new ChangeSets.DiffLine("-", a[i++]));
            } else {
                out.add(new ChangeSets.DiffLine("+", b[j++]));
            }
        }
        while (i < a.length) out.add(new ChangeSets.DiffLine("-", a[i++]));
        while (j < b.length) out.add(new ChangeSets.DiffLine("+", b[j++]));
        return out;
    }
}
