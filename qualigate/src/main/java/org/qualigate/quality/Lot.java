package org.qualigate.quality;

import java.util.Objects;

/**
 * A batch of a material in a plant, as the ERP keys its stock. The batch is unique per material (SAP's default
 * batch level), so a batch is found by material and batch; the plant says where its stock is.
 */
public record Lot(String material, String plant, String batch) {

    public Lot {
        check("material", material, 40);
        check("plant", plant, 4);
        check("batch", batch, 10);
    }

    /** Whether the three values could name a lot (before constructing one from outside input). */
    public static boolean valid(String material, String plant, String batch) {
        try {
            new Lot(material, plant, batch);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code batch B of material M}, as explanations say it. */
    public String spoken() {
        return "batch " + batch + " of material " + material;
    }

    private static void check(String field, String value, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.length() > max || !value.equals(value.strip())) {
            throw new IllegalArgumentException(field + " must be 1-" + max + " characters without outer spaces");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters");
            }
        }
    }
}
