"""District sync (issue 6): import district exports, export our changes, run on a schedule.

Modules: `readers` (files -> text frames, encodings, formats), `profiles` (mapping profiles),
`mapping` (profile applied to a frame, per-row validation), `importer` (one file in resumable
committed batches: upsert by (source, external id), events, conflicts, quarantine), `writer`
(one batch's writes), `bulk` (column-wise executemany and JSON), `duplicates` (cross-channel
duplicate suggestions), `export` (outbox files, Open311), `engine` (a sync run), `reference`
(the district's units / people exports: validated diff, applied at once with history).
The GUI and the CLI reach all of it through `commandcenter.services.sync.SyncService`.
"""
