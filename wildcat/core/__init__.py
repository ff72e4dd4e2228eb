"""The core floor: what every stage shares (schemas, configuration, seeding,
safe image IO, atomic writes, resumable batch jobs, executors, the workspace
layout, retrieval ranking). It imports no stage: see docs/architecture.md."""
