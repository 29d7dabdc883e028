package org.qualigate.change;

import org.qualigate.access.PlantDefinition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the rules held in memory current with approvals made on other instances, for the readers that do
 * not refresh themselves (previews, reports); planning and delivery refresh before each use.
 */
@Component
class RulesRefresh {

    private final PlantDefinition plant;
    private final JdbcClient jdbc;

    RulesRefresh(PlantDefinition plant, JdbcClient jdbc) {
        this.plant = plant;
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${qualigate.change-control.refresh-interval:PT2S}")
    void refresh() {
        plant.refresh(jdbc);
    }
}
