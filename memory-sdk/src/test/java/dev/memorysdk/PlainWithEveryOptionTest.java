package dev.memorysdk;

import dev.memorysdk.testsupport.ContractOptions;

/**
 * The memory contract on one PostgreSQL server, reached directly, with every option that changes a code path
 * on: encryption, a tenant, the near cache, RELAXED durability.
 */
class PlainWithEveryOptionTest extends PostgresMemoryManagerTest {

    @Override
    ContractOptions options() {
        return ContractOptions.ALL;
    }
}
