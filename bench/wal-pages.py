#!/usr/bin/env python3
# Issue 15: pages written to SQLite's WAL per create -> claim -> complete flow (the rows the schema floor writes), with
# random task ids against time-ordered ones (UUID v7), each step committed alone or eight flows sharing each commit as
# group commit makes them. Taskforge's own migrations, WAL, synchronous=NORMAL, no auto-checkpoint while measuring.
# Usage: python3 bench/wal-pages.py   (writes its scratch databases to $TMPDIR)
import sqlite3, os, glob, uuid, time, random, sys, tempfile
HERE = os.path.dirname(os.path.abspath(__file__))
MIG = sorted(glob.glob(os.path.join(HERE, '..', 'src', 'Taskforge.Storage', 'Migrations', 'Shared', '*.sql')))
SCRATCH = tempfile.mkdtemp(prefix='taskforge-wal-')
def v7(ms):
    r = random.getrandbits(74)
    b = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
    return '%032x' % b
def run(kind, n, group, preload):
    path = os.path.join(SCRATCH, f'{kind}.db')
    for f in glob.glob(path + '*'): os.remove(f)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL'); db.execute('PRAGMA synchronous=NORMAL')
    for m in MIG: db.executescript(open(m).read())
    db.execute('PRAGMA wal_autocheckpoint=0')
    base = 1_765_000_000_000
    ids = []
    def new_id(i):
        return '_TKI:' + (uuid.uuid4().hex if kind == 'random' else v7(base + i))
    def create(i):
        tid = new_id(i); now = base + i
        db.execute("""INSERT INTO tasks (id, template_id, name, namespace, kind, state, suspended, escalated, waiting_for_subtask, is_read,
            business_relevant, priority, originator, starter, position, top_id, support_autoclaim, support_claim_susp,
            support_delegation, support_follow_on, support_sub_task, auto_deletion, input, created_at, activated_at,
            first_activated_at, last_modified_at, last_state_change_at, resume_cancels_claim, version)
            VALUES (?, 'floor', 'BenchApproval', 'http://taskforge.example/bench', 105, 2, 0, 0, 0, 0, 1, 3, 'admin', 'admin', 0, ?, 0, 0,
            1, 0, 0, 0, '<request><amount>12.50</amount></request>', ?, ?, ?, ?, ?, 0, 1)""", (tid, tid, now, now, now, now, now))
        for (reason, k, p) in [(1,3,'bench'),(5,2,'admin'),(6,2,'admin'),(7,2,'admin'),(9,2,'admin'),(11,1,'')]:
            db.execute('INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority) VALUES (?,?,?,?,?,2,3)', (tid, reason, k, p, now))
        db.execute("INSERT INTO task_history (task_id, seq, event, at, principal) VALUES (?, 64, 'TASK_CREATED', ?, 'admin'), (?, 65, 'TASK_STARTED', ?, 'admin')", (tid, now, tid, now))
        return tid
    def claim(tid, now):
        db.execute('UPDATE tasks SET state = 8, owner = ?, version = version + 1, last_modified_at = ? WHERE id = ?', ('admin', now, tid))
        db.execute('UPDATE work_items SET state = 8 WHERE task_id = ?', (tid,))
        db.execute("INSERT INTO work_items (task_id, reason, kind, principal, created_at, state, priority) VALUES (?, 4, 2, 'admin', ?, 8, 3)", (tid, now))
        db.execute("INSERT INTO task_history (task_id, seq, event, at, principal) VALUES (?, 128, 'TASK_CLAIMED', ?, 'admin')", (tid, now))
    def complete(tid, now):
        db.execute("UPDATE tasks SET state = 5, output = '<decision/>', version = version + 1, last_modified_at = ? WHERE id = ?", (now, tid))
        db.execute('UPDATE work_items SET state = 5 WHERE task_id = ?', (tid,))
        db.execute("INSERT INTO task_history (task_id, seq, event, at, principal) VALUES (?, 192, 'TASK_COMPLETED', ?, 'admin')", (tid, now))
    # preload (finished tasks), then checkpoint, then measure n flows committed in groups
    db.execute('BEGIN')
    for i in range(preload):
        t = create(i); claim(t, base+i); complete(t, base+i)
    db.execute('COMMIT'); db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    start = time.perf_counter(); pending = []
    i = preload
    while i < preload + n:
        # `group` flows in flight: each step of each flow is one write; a commit carries one step of each
        db.execute('BEGIN IMMEDIATE'); tids = [create(j) for j in range(i, i+group)]; db.execute('COMMIT')
        db.execute('BEGIN IMMEDIATE'); [claim(t, base+i) for t in tids]; db.execute('COMMIT')
        db.execute('BEGIN IMMEDIATE'); [complete(t, base+i) for t in tids]; db.execute('COMMIT')
        i += group
    el = time.perf_counter() - start
    wal = os.path.getsize(path + '-wal')
    frames = (wal - 32) / (4096 + 24)
    print(f'{kind:7s} preload {preload:7d} group {group:2d}: {frames/n:6.1f} WAL pages per flow, {1e6*el/n:7.0f} us per flow')
for preload in (0, 200_000):
    for group in (1, 8):
        for kind in ('random', 'v7'):
            run(kind, 4000, group, preload)
