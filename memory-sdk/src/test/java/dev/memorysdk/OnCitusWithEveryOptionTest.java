package dev.memorysdk;

import dev.memorysdk.testsupport.ContractOptions;

/**
 * The memory contract on a real Citus cluster, with every option that changes a code path on:
 * encryption, a tenant, the near cache, RELAXED durability.
 */
class OnCitusWithEveryOptionTest extends OnCitusTest {

    @Override
    ContractOptions options() {
        return ContractOptions.ALL;
    }
}
