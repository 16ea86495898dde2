// Small schemas shared by the messages and the snapshot model.
import { z } from "zod";

/** Lower-case hex SHA-256 digest (64 characters); snapshot hashes and plan hashes. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256 digest");

/** An instant as ISO 8601 with a UTC offset ("2026-11-29T02:35:00.958925594Z"). */
export const Timestamp = z.iso.datetime({ offset: true });

/** Identifier of a command, chosen by the server: 1–128 characters of [A-Za-z0-9._:-]. */
export const CommandId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "1–128 characters of [A-Za-z0-9._:-]");

/** Identifier of a host (and of an agent), chosen by the server at enrollment; same alphabet as CommandId. */
export const HostId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "1–128 characters of [A-Za-z0-9._:-]");

/** A network namespace's identity: the inode number of its nsfs file (`readlink /proc/<pid>/ns/net`). */
export const NamespaceId = z.int().nonnegative();

/** A host label key: lower-case, 1–63 characters, may contain `.`, `_`, `/` and `-` after the first. */
export const LabelKey = z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,62}$/, "a label key");

/** Host labels (`env=staging`), at most 64 of them, values at most 63 characters. */
export const Labels = z
  .record(LabelKey, z.string().max(63))
  .refine((labels) => Object.keys(labels).length <= 64, "at most 64 labels");

/** A name as the kernel or Docker reports it (interfaces, chains, containers); bounded, not validated. */
export const Name = z.string().max(256);
