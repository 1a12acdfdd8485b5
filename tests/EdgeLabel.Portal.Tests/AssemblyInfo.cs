// Each test runs a real cloud node and a headless Chromium on a 2-core box: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
