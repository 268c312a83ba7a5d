package dev.memorysdk;

import dev.memorysdk.testsupport.ContractOptions;

/**
 * The memory contract with reads routed to a real streaming standby, with every option that changes
 * a code path on: encryption, a tenant, the near cache, RELAXED durability.
 */
class ReplicaRouteWithEveryOptionTest extends ReplicaRouteTest {

    @Override
    ContractOptions options() {
        return ContractOptions.ALL;
    }
}
