/*
 * faultvfs.h - a VFS for tests that fails the k-th write, sync or read.
 *
 * Registered as "fault" over SQLite's default VFS; put the encrypting
 * shim over it with store_set_base_vfs("fault").  Counting covers every
 * file opened through it (database and journal).
 */
#ifndef MENTORPACT_FAULTVFS_H
#define MENTORPACT_FAULTVFS_H

enum fault_op { FAULT_WRITE, FAULT_SYNC, FAULT_READ, FAULT_OPS };

/* Register "fault" once; returns an SQLite result code. */
int faultvfs_register(void);

/* Zero the counters and disarm. */
void faultvfs_reset(void);

/* Fail the k-th operation of kind op (1-based, counted from the last
 * reset) with the SQLite error code rc; a failed write writes nothing. */
void faultvfs_arm(enum fault_op op, int k, int rc);

/* Operations of kind op since the last reset. */
int faultvfs_count(enum fault_op op);

/* 1 once the armed fault has fired. */
int faultvfs_fired(void);

#endif
