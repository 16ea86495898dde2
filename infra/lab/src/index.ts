// @switchyard/lab: a multi-host Docker lab on one machine (each host a netns with its own
// dockerd). The CLI (cli.ts) and tests use these; see ../README.md.
export { type Command, parseCli, UsageError } from "./args.ts";
export {
  DEFAULT_RUN_DIR,
  DEFAULT_STATE_DIR,
  type FaultPoint,
  type HostPaths,
  hostPaths,
  IMAGE_REF,
  type LabConfig,
} from "./config.ts";
export { mergeDaemonJson, parseDaemonJsonOverride } from "./daemon-json.ts";
export { type DownReport, labDown } from "./down.ts";
export { Engine } from "./engine.ts";
export { HOST_STEPS, type HostStep, LabError, type LabStep } from "./errors.ts";
export { type RestartOptions, type RestartReport, restartDocker } from "./restart.ts";
export { captureRootNs } from "./rootns/capture.ts";
export { diffSnapshots, formatDiff } from "./rootns/diff.ts";
export { type HostRecord, type LabState, readState } from "./state.ts";
export { type HostStatus, type LabStatus, labStatus, labStatusSchema } from "./status.ts";
export { labUp, type UpOptions, type UpReport } from "./up.ts";
