#!/usr/bin/python3
"""Fake MongoDB server for strata's tests.

A small MongoDB wire-protocol server: Debian's python3-mockupdb speaks the wire
protocol (OP_MSG and legacy OP_QUERY commands), python3-mongomock keeps the
data in memory. Every connection sees the same in-memory state for the life of
the process, and every command runs under one global lock, so commands are
atomic with respect to each other (a racing findAndModify upsert has exactly
one winner; the losers get DuplicateKey, code 11000).

Run with the system Python (the one that has mockupdb and mongomock):
    /usr/bin/python3 tests/support/mongo_fake_server.py --port PORT [--ready-file PATH]
Once listening it prints "ready mongodb://127.0.0.1:PORT" on stdout and writes
the same URL into --ready-file. --port 0 picks a free port.

It poses as a standalone mongod 6.0 (maxWireVersion 13) and implements the
commands in COMMANDS below, with MongoDB's reply shapes. It does NOT emulate:
transactions (startTransaction fails with IllegalOperation, code 20), replica
sets or sharding, $jsonSchema or any other validation (validators are stored
and shown by listCollections, never enforced), authentication, collations
(stored and shown by listCollections and listIndexes, never applied), reading
from views (a view is created, listed and dropped, not queried),
arrayFilters, text/geo indexes, capped-collection size limits, legacy opcodes
(OP_INSERT, OP_GET_MORE, ...), or anything else mongomock cannot do (those
fail with code 238 NotImplemented and a line on stderr).
"""
import argparse
import collections
import copy
import datetime
import itertools
import json
import numbers
import os
import signal
import sys
import threading
import time
import traceback

import bson
import bson.errors
import mockupdb
import mongomock
import mongomock.aggregate
import mongomock.collection
import mongomock.filtering
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions
from bson.int64 import Int64
from bson.objectid import ObjectId
from pymongo.errors import DuplicateKeyError, PyMongoError, WriteError

LOCK = threading.Lock()          # serializes every command
CLIENT = mongomock.MongoClient()  # the one in-memory engine
OPTIONS = {}                      # (db, coll) -> options given to create/collMod
VIEWS = {}                        # (db, view) -> its options (viewOn, pipeline, collation): no collection
INDEX_EXTRAS = {}                 # (db, coll, index) -> index options mongomock drops (collation, hidden)
CURSORS = {}                      # cursor id -> (ns, remaining documents)
CURSOR_IDS = itertools.count(7340033)
STARTED = time.time()
FIRST_BATCH = 101
MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024
IGNORED = {'lsid', '$db', '$readPreference', '$clusterTime', 'txnNumber', 'autocommit',
           'startTransaction', 'writeConcern', 'readConcern', 'comment', 'maxTimeMS',
           'bypassDocumentValidation', 'apiVersion', 'apiStrict', 'apiDeprecationErrors'}
CODE_NAMES = {1: 'InternalError', 2: 'BadValue', 9: 'FailedToParse', 14: 'TypeMismatch',
              20: 'IllegalOperation', 26: 'NamespaceNotFound', 27: 'IndexNotFound',
              43: 'CursorNotFound', 48: 'NamespaceExists', 59: 'CommandNotFound',
              66: 'ImmutableField', 72: 'InvalidOptions', 73: 'InvalidNamespace',
              85: 'IndexOptionsConflict', 166: 'CommandNotSupportedOnView',
              238: 'NotImplemented', 11000: 'DuplicateKey',
              13113: 'MergeStageNoMatchingDocument'}


class CommandError(Exception):
    def __init__(self, code, errmsg):
        super().__init__(errmsg)
        self.code, self.errmsg = code, errmsg


def error_reply(code, errmsg):
    return {'ok': 0.0, 'errmsg': errmsg, 'code': code,
            'codeName': CODE_NAMES.get(code, 'UnknownError')}


def describe(exc, coll=None, doc=None):
    """(code, errmsg) for an error a client may cause; other exceptions propagate."""
    if isinstance(exc, CommandError):
        return exc.code, exc.errmsg
    if isinstance(exc, DuplicateKeyError):
        return 11000, dup_msg(coll, getattr(exc, 'document', doc))
    if isinstance(exc, PyMongoError):
        return getattr(exc, 'code', None) or 2, str(exc)
    if isinstance(exc, (ValueError, bson.errors.InvalidDocument)):
        return 2, str(exc)
    raise exc


USER_ERRORS = (CommandError, PyMongoError, ValueError, bson.errors.InvalidDocument)

# Keep UUIDs (binary subtypes 3 and 4) as plain Binary values, so they go back
# with the subtype they came with.
mockupdb.CODEC_OPTIONS = CodecOptions(document_class=collections.OrderedDict,
                                      uuid_representation=UuidRepresentation.UNSPECIFIED)

# mockupdb formats every request and reply for its log even when not verbose:
# a third of its time. Make that formatting cheap.
for _cls in (mockupdb.Request, mockupdb.OpQuery, mockupdb.Reply, mockupdb.OpMsgReply):
    _cls.__repr__ = lambda self: type(self).__name__

# ---- mongomock patches: $inc keeps int64 (int32 + int64 = int64), $mul exists.


def _arith(name, op):
    def updater(doc, field, value):
        old = doc.get(field, 0) if isinstance(doc, dict) else doc[int(field)]
        for operand in (old, value):
            if not isinstance(operand, numbers.Number) or isinstance(operand, bool):
                raise WriteError('Cannot apply %s to a value of non-numeric type' % name, 14)
        new = op(old, value)
        if isinstance(new, int) and (isinstance(old, Int64) or isinstance(value, Int64)):
            new = Int64(new)
        doc[field if isinstance(doc, dict) else int(field)] = new
    return updater


mongomock.collection._updaters['$inc'] = _arith('$inc', lambda a, b: a + b)
mongomock.collection._updaters['$mul'] = _arith('$mul', lambda a, b: a * b)
_ensure_uniques = mongomock.collection.Collection._ensure_uniques


def _ensure_uniques_noting_document(self, new_data):
    """Remember the clashing document, to name the index in the E11000 message."""
    try:
        _ensure_uniques(self, new_data)
    except DuplicateKeyError as exc:
        exc.document = dict(new_data)
        raise


mongomock.collection.Collection._ensure_uniques = _ensure_uniques_noting_document

# ---- helpers


def plain(value):
    """mockupdb decodes documents as OrderedDict, whose == is order-sensitive."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def coll_of(db, name):
    if not isinstance(name, str) or not name:
        raise CommandError(73, 'Invalid namespace specified: %r' % (name,))
    return CLIENT[db][name]


def exists(db, name):
    return name in CLIENT[db].list_collection_names()


def require(db, name, errmsg=None):
    if not exists(db, name):
        raise CommandError(26, errmsg or 'ns does not exist: %s.%s' % (db, name))


def sort_list(sort):
    return list(sort.items()) if sort else None


def dotted(doc, path):
    for part in path.split('.'):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def dup_msg(coll, doc=None):
    """MongoDB-style E11000 message, naming the unique index that clashes."""
    index, key = '_id_', {'_id': doc.get('_id')} if doc else {}
    if coll is not None and doc is not None:
        for name, info in coll.index_information().items():
            fields = {k: dotted(doc, k) for k, _ in info['key']}
            if info.get('unique') and coll.find_one(dict(fields, _id={'$ne': doc.get('_id')})):
                index, key = name, fields
                break
    shown = ', '.join('%s: %s' % (k, json.dumps(v) if isinstance(v, str) else v)
                      for k, v in key.items())
    where = '%s.%s' % (coll.database.name, coll.name) if coll is not None else '?'
    return 'E11000 duplicate key error collection: %s index: %s dup key: { %s }' % (
        where, index, shown)


def take_batch(docs, count):
    """Split off up to count documents (0: all), at most ~16 MB of them."""
    batch, size = [], 0
    for doc in docs[:count] if count > 0 else docs:
        size += len(bson.BSON.encode(doc))
        if batch and size > MAX_BATCH_BYTES:
            break
        batch.append(doc)
    return batch, docs[len(batch):]


def open_cursor(ns, docs, batch_size=None, single=False):
    count = FIRST_BATCH if batch_size is None else int(batch_size)
    batch, rest = take_batch(docs, count) if count != 0 else ([], docs)
    cursor_id = 0
    if rest and not single:
        cursor_id = next(CURSOR_IDS)
        CURSORS[cursor_id] = (ns, rest)
    return {'cursor': {'firstBatch': batch, 'id': Int64(cursor_id), 'ns': ns}, 'ok': 1.0}


def rewrite_pipeline(pipeline):
    """Express stages mongomock lacks with ones it has."""
    out = []
    for stage in pipeline:
        (op, arg), = stage.items()
        if op == '$unset':
            out.append({'$project': {f: 0 for f in ([arg] if isinstance(arg, str) else arg)}})
        elif op == '$replaceWith':
            out.append({'$replaceRoot': {'newRoot': arg}})
        elif op == '$sortByCount':
            out += [{'$group': {'_id': arg, 'count': {'$sum': 1}}}, {'$sort': {'count': -1}}]
        else:
            out.append(stage)
    return out


def run_pipeline(coll, pipeline, docs=None):
    docs = list(coll.find()) if docs is None else docs
    return list(mongomock.aggregate.process_pipeline(
        docs, coll.database, rewrite_pipeline(pipeline), None))


def upsert_seed(query):
    """The equality fields of a query: the start of an upserted document."""
    seed = {}
    for key, value in query.items():
        if key == '$and':
            for part in value:
                seed.update(upsert_seed(part))
        elif not key.startswith('$'):
            if isinstance(value, dict) and any(k.startswith('$') for k in value):
                if list(value) != ['$eq']:
                    continue
                value = value['$eq']
            seed[key] = value
    return seed


def pipeline_update(coll, query, pipeline, upsert, multi):
    """Update with an aggregation pipeline, which mongomock lacks: run it per document."""
    matched = list(coll.find(query, limit=0 if multi else 1))
    modified = 0
    for before in matched:
        after, = run_pipeline(coll, pipeline, [copy.deepcopy(before)])
        after.setdefault('_id', before['_id'])
        if after['_id'] != before['_id']:
            raise CommandError(66, "Performing an update on the path '_id' would modify "
                                   "the immutable field '_id'")
        if after != before:
            coll.replace_one({'_id': before['_id']}, after)
            modified += 1
    if matched or not upsert:
        return len(matched), modified, None
    seed = upsert_seed(query)
    doc = dict({'_id': seed.pop('_id', None) or ObjectId()}, **seed)
    new, = run_pipeline(coll, pipeline, [doc])
    new.setdefault('_id', doc['_id'])
    coll.insert_one(new)
    return 1, 0, new['_id']


def apply_update(coll, query, update, upsert=False, multi=False, array_filters=None):
    """One update statement; returns (n matched or upserted, nModified, upserted id)."""
    if isinstance(update, list):
        return pipeline_update(coll, query, update, upsert, multi)
    if update and all(k.startswith('$') for k in update):
        method = coll.update_many if multi else coll.update_one
        saved = list(coll.find(query, limit=0 if multi else 1))
        try:
            raw = method(query, update, upsert=upsert, array_filters=array_filters).raw_result
        except Exception:  # mongomock updates in place: undo a half-applied update
            for doc in saved:
                coll.replace_one({'_id': doc['_id']}, doc)
            raise
    else:
        if multi:
            raise CommandError(9, 'multi update is not supported for replacement-style update')
        raw = coll.replace_one(query, update, upsert=upsert).raw_result
    return raw['n'], raw['nModified'], raw.get('upserted')


def write_error(index, exc, coll, doc=None):
    code, errmsg = describe(exc, coll, doc)
    return {'index': index, 'code': code, 'errmsg': errmsg}


def write_reply(reply, errors):
    if errors:
        reply['writeErrors'] = errors
    reply['ok'] = 1.0
    return reply

# ---- commands: each takes (database name, command document) and returns the reply


def cmd_hello(db, cmd, connection_id=0):
    reply = {'ismaster': True, 'isWritablePrimary': True, 'maxBsonObjectSize': 16777216,
             'maxMessageSizeBytes': 48000000, 'maxWriteBatchSize': 100000,
             'localTime': datetime.datetime.utcnow(), 'logicalSessionTimeoutMinutes': 30,
             'connectionId': connection_id, 'minWireVersion': 0, 'maxWireVersion': 13,
             'readOnly': False, 'ok': 1.0}
    if cmd.get('helloOk'):
        reply['helloOk'] = True
    return reply


def cmd_ok(db, cmd):
    return {'ok': 1.0}


def cmd_build_info(db, cmd):
    return {'version': '6.0.0-mongomock', 'versionArray': [6, 0, 0, 0], 'gitVersion': 'mongomock',
            'bits': 64, 'maxBsonObjectSize': 16777216, 'ok': 1.0}


def cmd_server_status(db, cmd):
    return {'host': 'localhost', 'version': '6.0.0-mongomock', 'process': 'mongod',
            'pid': Int64(os.getpid()), 'uptime': time.time() - STARTED,
            'localTime': datetime.datetime.utcnow(), 'ok': 1.0}


def cmd_get_last_error(db, cmd):
    return {'err': None, 'n': 0, 'ok': 1.0}


def cmd_list_databases(db, cmd):
    names = CLIENT.list_database_names()
    return {'databases': [{'name': n, 'sizeOnDisk': 0, 'empty': False} for n in names],
            'totalSize': 0, 'ok': 1.0}


def cmd_find(db, cmd):
    coll = coll_of(db, cmd['find'])
    limit, single = int(cmd.get('limit', 0)), bool(cmd.get('singleBatch'))
    if limit < 0:
        limit, single = -limit, True
    docs = list(coll.find(cmd.get('filter') or {}, projection=cmd.get('projection') or None,
                          skip=int(cmd.get('skip', 0)), limit=limit,
                          sort=sort_list(cmd.get('sort'))))
    return open_cursor('%s.%s' % (db, coll.name), docs, cmd.get('batchSize'), single)


def cmd_get_more(db, cmd):
    cursor_id = int(cmd['getMore'])
    if cursor_id not in CURSORS:
        raise CommandError(43, 'cursor id %d not found' % cursor_id)
    ns, docs = CURSORS.pop(cursor_id)
    batch, rest = take_batch(docs, int(cmd.get('batchSize') or 0))
    if rest:
        CURSORS[cursor_id] = (ns, rest)
    return {'cursor': {'nextBatch': batch, 'id': Int64(cursor_id if rest else 0), 'ns': ns},
            'ok': 1.0}


def cmd_kill_cursors(db, cmd):
    ids = [int(i) for i in cmd.get('cursors', [])]
    killed = [Int64(i) for i in ids if CURSORS.pop(i, None) is not None]
    return {'cursorsKilled': killed, 'cursorsNotFound': [Int64(i) for i in ids if i not in killed],
            'cursorsAlive': [], 'cursorsUnknown': [], 'ok': 1.0}


def cmd_count(db, cmd):
    coll = coll_of(db, cmd['count'])
    docs = coll.find(cmd.get('query') or {}, projection={'_id': 1},
                     skip=int(cmd.get('skip', 0)), limit=abs(int(cmd.get('limit', 0))))
    return {'n': len(list(docs)), 'ok': 1.0}


def cmd_distinct(db, cmd):
    coll = coll_of(db, cmd['distinct'])
    return {'values': coll.distinct(cmd['key'], cmd.get('query') or {}), 'ok': 1.0}


def cmd_insert(db, cmd):
    coll, n, errors = coll_of(db, cmd['insert']), 0, []
    for index, doc in enumerate(cmd.get('documents', [])):
        doc = doc if '_id' in doc else dict({'_id': ObjectId()}, **doc)  # _id first, as mongod
        try:
            coll.insert_one(doc)
            n += 1
        except USER_ERRORS as exc:
            errors.append(write_error(index, exc, coll, doc))
            if cmd.get('ordered', True):
                break
    return write_reply({'n': n}, errors)


def cmd_update(db, cmd):
    coll, n, modified, upserted, errors = coll_of(db, cmd['update']), 0, 0, [], []
    for index, st in enumerate(cmd.get('updates', [])):
        try:
            matched, changed, new_id = apply_update(
                coll, st.get('q') or {}, st.get('u'), bool(st.get('upsert')),
                bool(st.get('multi')), st.get('arrayFilters'))
        except USER_ERRORS as exc:
            seed = upsert_seed(st.get('q') or {}) if st.get('upsert') else None
            errors.append(write_error(index, exc, coll, seed))
            if cmd.get('ordered', True):
                break
            continue
        n, modified = n + matched, modified + changed
        if new_id is not None:
            upserted.append({'index': index, '_id': new_id})
    reply = {'n': n, 'nModified': modified}
    if upserted:
        reply['upserted'] = upserted
    return write_reply(reply, errors)


def cmd_delete(db, cmd):
    coll, n, errors = coll_of(db, cmd['delete']), 0, []
    for index, st in enumerate(cmd.get('deletes', [])):
        try:
            remove = coll.delete_one if st.get('limit', 0) == 1 else coll.delete_many
            n += remove(st.get('q') or {}).deleted_count
        except USER_ERRORS as exc:
            errors.append(write_error(index, exc, coll))
            if cmd.get('ordered', True):
                break
    return write_reply({'n': n}, errors)


def cmd_find_and_modify(db, cmd):
    coll = coll_of(db, cmd.get('findAndModify', cmd.get('findandmodify')))
    query, fields = cmd.get('query') or {}, cmd.get('fields') or None
    found = next(iter(coll.find(query, sort=sort_list(cmd.get('sort')), limit=1)), None)
    before = coll.find_one({'_id': found['_id']}, fields) if found else None
    if cmd.get('remove'):
        if found:
            coll.delete_one({'_id': found['_id']})
        return {'lastErrorObject': {'n': int(found is not None)}, 'value': before, 'ok': 1.0}
    if cmd.get('update') is None:
        raise CommandError(9, 'Either an update or remove=true must be specified')
    leo, target = {'n': 0, 'updatedExisting': found is not None}, None
    try:
        if found:
            apply_update(coll, dict(query, _id=found['_id']), cmd['update'],
                         array_filters=cmd.get('arrayFilters'))
            leo['n'], target = 1, found['_id']
        elif cmd.get('upsert'):
            _, _, target = apply_update(coll, query, cmd['update'], upsert=True)
            leo['n'], leo['upserted'] = 1, target
    except DuplicateKeyError as exc:
        raise CommandError(*describe(exc, coll, None if found else upsert_seed(query)))
    value = coll.find_one({'_id': target}, fields) if cmd.get('new') and target is not None \
        else before
    return {'lastErrorObject': leo, 'value': value, 'ok': 1.0}


def target_collection(db, into):
    """The collection $out and $merge write to ("coll" or {db, coll}), created if missing."""
    tdb, tname = (into.get('db', db), into['coll']) if isinstance(into, dict) else (db, into)
    coll = coll_of(tdb, tname)
    if not exists(tdb, tname):
        CLIENT[tdb].create_collection(tname)
    return coll


def out_stage(db, target, docs):
    """$out: replace the target collection's documents (indexes stay), atomically."""
    coll = target_collection(db, target)
    old = list(coll.find())
    coll.delete_many({})
    try:
        for doc in docs:
            coll.insert_one(doc)
    except DuplicateKeyError:
        coll.delete_many({})
        for doc in old:
            coll.insert_one(doc)
        raise CommandError(11000, dup_msg(coll, doc))


def merge_stage(db, spec, docs):
    """$merge, which mongomock lacks: upsert each result into the target collection."""
    spec = {'into': spec} if isinstance(spec, str) else spec
    on = spec.get('on', '_id')
    on = [on] if isinstance(on, str) else list(on)
    matched, unmatched = spec.get('whenMatched', 'merge'), spec.get('whenNotMatched', 'insert')
    if not isinstance(matched, str):
        raise CommandError(238, '$merge with a whenMatched pipeline is not emulated')
    coll = target_collection(db, spec['into'])
    for doc in docs:
        existing = coll.find_one({f: dotted(doc, f) for f in on})
        if existing is None:
            if unmatched == 'fail':
                raise CommandError(13113, '$merge could not find a matching document in the '
                                          'target collection for at least one document')
            if unmatched == 'insert':
                coll.insert_one(doc)
        elif matched == 'replace':
            coll.replace_one({'_id': existing['_id']}, dict(doc, _id=existing['_id']))
        elif matched == 'merge':
            fields = {k: v for k, v in doc.items() if k != '_id'}
            if fields:
                coll.update_one({'_id': existing['_id']}, {'$set': fields})
        elif matched == 'fail':
            raise CommandError(11000, dup_msg(coll, existing))


def cmd_aggregate(db, cmd):
    if not isinstance(cmd['aggregate'], str):
        raise CommandError(238, 'collection-less aggregate {aggregate: 1} is not emulated')
    coll, pipeline = coll_of(db, cmd['aggregate']), cmd.get('pipeline', [])
    last = pipeline[-1] if pipeline else {}
    if '$out' in last or '$merge' in last:
        docs = run_pipeline(coll, pipeline[:-1])
        if '$out' in last:
            out_stage(db, last['$out'], docs)
        else:
            merge_stage(db, last['$merge'], docs)
        docs = []
    else:
        docs = run_pipeline(coll, pipeline)
    return open_cursor('%s.%s' % (db, coll.name), docs, (cmd.get('cursor') or {}).get('batchSize'))


def cmd_create(db, cmd):
    name = cmd['create']
    coll_of(db, name)
    if exists(db, name) or (db, name) in VIEWS:
        raise CommandError(48, 'Collection already exists. NS: %s.%s' % (db, name))
    options = {k: v for k, v in cmd.items() if k != 'create' and k not in IGNORED}
    if 'viewOn' in options:  # a view is its definition only, as in system.views
        options.setdefault('pipeline', [])
        VIEWS[(db, name)] = options
        return {'ok': 1.0}
    CLIENT[db].create_collection(name)
    OPTIONS[(db, name)] = options
    return {'ok': 1.0}


def cmd_coll_mod(db, cmd):
    name = cmd['collMod']
    require(db, name)
    OPTIONS.setdefault((db, name), {}).update(
        {k: v for k, v in cmd.items() if k not in ('collMod', 'index') and k not in IGNORED})
    return {'ok': 1.0}


def cmd_drop(db, cmd):
    name = cmd['drop']
    if VIEWS.pop((db, name), None) is not None:
        return {'ns': '%s.%s' % (db, name), 'ok': 1.0}
    require(db, name, 'ns not found')
    was = len(CLIENT[db][name].index_information())
    CLIENT[db].drop_collection(name)
    OPTIONS.pop((db, name), None)
    for key in [k for k in INDEX_EXTRAS if k[:2] == (db, name)]:
        del INDEX_EXTRAS[key]
    return {'nIndexesWas': was, 'ns': '%s.%s' % (db, name), 'ok': 1.0}


def cmd_drop_database(db, cmd):
    CLIENT.drop_database(db)
    for table in (OPTIONS, VIEWS, INDEX_EXTRAS):
        for key in [k for k in table if k[0] == db]:
            del table[key]
    return {'dropped': db, 'ok': 1.0}


def cmd_rename_collection(db, cmd):
    (sdb, sname), (tdb, tname) = (str(cmd[k]).split('.', 1) for k in ('renameCollection', 'to'))
    require(sdb, sname, 'Source collection %s.%s does not exist' % (sdb, sname))
    if exists(tdb, tname):
        if not cmd.get('dropTarget'):
            raise CommandError(48, 'target namespace exists')
        cmd_drop(tdb, {'drop': tname})
    if sdb == tdb:
        CLIENT[sdb].rename_collection(sname, tname)
    else:  # mongomock renames within a database only: copy documents and indexes
        source, target = CLIENT[sdb][sname], coll_of(tdb, tname)
        CLIENT[tdb].create_collection(tname)
        for name, info in source.index_information().items():
            if name != '_id_':
                target.create_index(info['key'], name=name, **{
                    k: v for k, v in info.items() if k not in ('key', 'v')})
        for doc in source.find():
            target.insert_one(doc)
        CLIENT[sdb].drop_collection(sname)
    if (sdb, sname) in OPTIONS:
        OPTIONS[(tdb, tname)] = OPTIONS.pop((sdb, sname))
    for key in [k for k in INDEX_EXTRAS if k[:2] == (sdb, sname)]:
        INDEX_EXTRAS[(tdb, tname, key[2])] = INDEX_EXTRAS.pop(key)
    return {'ok': 1.0}


def index_name(key):
    return '_'.join('%s_%s' % (k, int(v) if isinstance(v, float) and v.is_integer() else v)
                    for k, v in key.items())


def cmd_create_indexes(db, cmd):
    coll = coll_of(db, cmd['createIndexes'])
    if (db, coll.name) in VIEWS:
        raise CommandError(166, 'Namespace %s.%s is a view, not a collection' % (db, coll.name))
    created = not exists(db, coll.name)
    if created:
        CLIENT[db].create_collection(coll.name)
    before = len(coll.index_information())
    for spec in cmd.get('indexes', []):
        key, name = list(spec['key'].items()), spec.get('name') or index_name(spec['key'])
        options = {k: spec[k] for k in ('unique', 'sparse', 'partialFilterExpression',
                                        'expireAfterSeconds') if k in spec}
        for other, info in coll.index_information().items():
            if info['key'] == key and other != name:
                raise CommandError(85, 'Index already exists with a different name: ' + other)
        if key == [('_id', 1)]:
            continue
        try:
            coll.create_index(key, name=name, **options)
            extras = {k: spec[k] for k in ('collation', 'hidden') if k in spec}
            if extras:
                INDEX_EXTRAS[(db, coll.name, name)] = extras
        except DuplicateKeyError:
            raise CommandError(11000, 'Index build failed: E11000 duplicate key error '
                               'collection: %s.%s index: %s' % (db, coll.name, name))
        except PyMongoError as exc:
            raise CommandError(85, str(exc))
    after = len(coll.index_information())
    reply = {'numIndexesBefore': before, 'numIndexesAfter': after,
             'createdCollectionAutomatically': created, 'ok': 1.0}
    if before == after:
        reply['note'] = 'all indexes already exist'
    return reply


def cmd_drop_indexes(db, cmd):
    coll, index = coll_of(db, cmd['dropIndexes']), cmd.get('index')
    require(db, coll.name, 'ns not found')
    info = coll.index_information()
    if index == '*':
        coll.drop_indexes()
        for key in [k for k in INDEX_EXTRAS if k[:2] == (db, coll.name)]:
            del INDEX_EXTRAS[key]
        return {'nIndexesWas': len(info), 'ok': 1.0}
    if isinstance(index, dict):
        names = [n for n, i in info.items() if i['key'] == list(index.items())]
        if not names:
            raise CommandError(27, "can't find index with key: %s" % (index,))
    else:
        names = [index] if isinstance(index, str) else list(index or [])
    for name in names:
        if name == '_id_':
            raise CommandError(72, 'cannot drop _id index')
        if name not in info:
            raise CommandError(27, 'index not found with name [%s]' % name)
    for name in names:
        coll.drop_index(name)
        INDEX_EXTRAS.pop((db, coll.name, name), None)
    return {'nIndexesWas': len(info), 'ok': 1.0}


def cmd_list_indexes(db, cmd):
    coll = coll_of(db, cmd['listIndexes'])
    require(db, coll.name)
    docs = [dict({'v': 2, 'key': dict(info['key']), 'name': name},
                 **{k: v for k, v in info.items() if k not in ('v', 'key')},
                 **INDEX_EXTRAS.get((db, coll.name, name), {}))
            for name, info in coll.index_information().items()]
    return open_cursor('%s.$cmd.listIndexes.%s' % (db, coll.name), docs,
                       (cmd.get('cursor') or {}).get('batchSize'))


def cmd_list_collections(db, cmd):
    docs, entries = [], {}
    for name in CLIENT[db].list_collection_names():
        options = OPTIONS.get((db, name), {})
        entries[name] = {'name': name, 'type': 'timeseries' if 'timeseries' in options else 'collection',
                         'options': options, 'info': {'readOnly': False},
                         'idIndex': {'v': 2, 'key': {'_id': 1}, 'name': '_id_'}}
    for (vdb, name), options in VIEWS.items():
        if vdb == db:
            entries[name] = {'name': name, 'type': 'view', 'options': options, 'info': {'readOnly': True}}
    for name in sorted(entries):
        entry = entries[name]
        if mongomock.filtering.filter_applies(cmd.get('filter') or {}, entry):
            docs.append({'name': name, 'type': entry['type']} if cmd.get('nameOnly') else entry)
    return open_cursor('%s.$cmd.listCollections' % db, docs,
                       (cmd.get('cursor') or {}).get('batchSize'))


COMMANDS = {
    'hello': cmd_hello, 'isMaster': cmd_hello, 'ismaster': cmd_hello,
    'ping': cmd_ok, 'endSessions': cmd_ok, 'buildInfo': cmd_build_info,
    'buildinfo': cmd_build_info, 'serverStatus': cmd_server_status,
    'getLastError': cmd_get_last_error, 'getlasterror': cmd_get_last_error,
    'listDatabases': cmd_list_databases,
    'find': cmd_find, 'getMore': cmd_get_more, 'killCursors': cmd_kill_cursors,
    'count': cmd_count, 'distinct': cmd_distinct,
    'insert': cmd_insert, 'update': cmd_update, 'delete': cmd_delete,
    'findAndModify': cmd_find_and_modify, 'findandmodify': cmd_find_and_modify,
    'aggregate': cmd_aggregate,
    'create': cmd_create, 'collMod': cmd_coll_mod, 'drop': cmd_drop,
    'dropDatabase': cmd_drop_database, 'renameCollection': cmd_rename_collection,
    'createIndexes': cmd_create_indexes, 'dropIndexes': cmd_drop_indexes,
    'deleteIndexes': cmd_drop_indexes, 'listIndexes': cmd_list_indexes,
    'listCollections': cmd_list_collections,
}

# ---- wire protocol glue


def run_command(db, cmd, connection_id):
    name = next(iter(cmd), '')
    if cmd.get('startTransaction'):
        return error_reply(20, 'Transaction numbers are only allowed on a replica set '
                               'member or mongos')
    handler = COMMANDS.get(name)
    if handler is None:
        return error_reply(59, "no such command: '%s'" % name)
    if handler is cmd_hello:
        return cmd_hello(db, cmd, connection_id)
    with LOCK:
        try:
            return handler(db, cmd)
        except USER_ERRORS as exc:
            return error_reply(*describe(exc))
        except NotImplementedError as exc:
            print('mongo_fake_server: %s: not emulated: %s' % (name, exc), file=sys.stderr)
            return error_reply(238, 'not emulated by mongo_fake_server: %s' % exc)
        except Exception as exc:  # noqa: BLE001 - report it to the client, keep serving
            traceback.print_exc(file=sys.stderr)
            return error_reply(1, '%s: %s' % (type(exc).__name__, exc))


def handle(request):
    """mockupdb autoresponder: every request lands here."""
    if not request.is_command:  # legacy OP_QUERY/OP_INSERT/OP_GET_MORE/...
        if isinstance(request, (mockupdb.OpQuery, mockupdb.OpGetMore)):
            request.fail('legacy opcodes are not supported by mongo_fake_server')
        return True
    cmd = plain(request.doc)
    if next(iter(cmd), '') == '$query':  # OP_QUERY command wrapped with $readPreference
        cmd = cmd['$query']
    try:
        connection_id = request.client_port
    except OSError:
        connection_id = 0
    reply = run_command(request.namespace, cmd, connection_id)
    if isinstance(request, mockupdb.OpMsg) and request.flags & mockupdb.OP_MSG_FLAGS['moreToCome']:
        return True  # unacknowledged write: the client expects no reply
    try:
        request.replies(reply)
    except OSError:
        pass  # the client went away; mockupdb notices on its next read
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--port', type=int, required=True, help='TCP port on 127.0.0.1 (0: any)')
    parser.add_argument('--ready-file', help='write the server URL here once listening')
    args = parser.parse_args()
    # Only the main thread takes these signals (threads inherit the mask), so it can exit at once.
    stop_signals = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    server = mockupdb.MockupDB(port=args.port, request_timeout=10 ** 6, max_wire_version=13)
    server.autoresponds(handle)
    server.run()
    url = 'mongodb://127.0.0.1:%d' % server.port
    if args.ready_file:
        with open(args.ready_file + '.tmp', 'w') as ready:
            ready.write(url + '\n')
        os.replace(args.ready_file + '.tmp', args.ready_file)
    print('ready ' + url, flush=True)
    signal.sigwait(stop_signals)
    os._exit(0)  # skip mockupdb's atexit hook, which joins threads for seconds


if __name__ == '__main__':
    main()
