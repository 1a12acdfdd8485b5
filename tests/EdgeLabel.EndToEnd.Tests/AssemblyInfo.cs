// Each test runs real edge processes (model, SQLite, Kestrel) on a 2-core box; the crash test's timing-based
// kills are only meaningful when it does not compete with the other tests for the CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
