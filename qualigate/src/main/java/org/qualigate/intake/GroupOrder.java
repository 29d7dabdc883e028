package org.qualigate.intake;

import static java.util.Comparator.naturalOrder;
import static java.util.Comparator.nullsFirst;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.qualigate.ledger.EmployeeId;

/**
 * The order in which a group's items are applied — by the employee they concern, so that two groups lock people in
 * one order — and the valid employee IDs among them, read in one pass (each item's employee read once, not at every
 * comparison of the sort).
 */
record GroupOrder(Integer[] order, List<EmployeeId> named) {

    static GroupOrder of(List<Inbound> items) {
        Integer[] order = new Integer[items.size()];
        String[] employees = new String[items.size()];
        List<EmployeeId> named = new ArrayList<>(items.size());
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            employees[i] = items.get(i).employeeId();
            if (employees[i] != null && EmployeeId.isValid(employees[i])) {
                named.add(EmployeeId.of(employees[i]));
            }
        }
        Arrays.sort(order, Comparator.comparing((Integer i) -> employees[i], nullsFirst(naturalOrder())));
        return new GroupOrder(order, named);
    }
}
