package dev.memorysdk;

import dev.memorysdk.testsupport.ContractOptions;

/**
 * The memory contract on a table partitioned by hash of the session id, with every option that changes a code path
 * on: encryption, a tenant, the near cache, RELAXED durability.
 */
class PartitionedWithEveryOptionTest extends PartitionedTableTest {

    @Override
    ContractOptions options() {
        return ContractOptions.ALL;
    }
}
