#include "storage/sqlite/wal_write_buffer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace callsign::storage::sqlite {
namespace {

constexpr const char* kVfsName = "callsign-walbuf";
constexpr std::size_t kFlushAt = std::size_t{1} << 20;
// The most one write hands the default VFS: the unix VFS masks a write's length to 17 bits (SQLite itself never
// writes more than a page and a frame header at once), so a longer one would be cut short and fail.
constexpr std::size_t kMaxWrite = std::size_t{64} << 10;

sqlite3_vfs* g_base = nullptr;  // the platform's default VFS, which does the work

// Our part of a file object; the default VFS's own file object follows it in the same allocation.
struct File {
  sqlite3_file base{};  // first: SQLite sees a File as a sqlite3_file
  bool is_wal = false;
  File* wal = nullptr;   // a main database file: its connection's WAL file, while that is open
  File* main = nullptr;  // a WAL file: its connection's main database file
  std::vector<char> pending;  // a WAL file: bytes written but not yet handed to the OS, from pending_at
  sqlite3_int64 pending_at = 0;
};

// Where the default VFS's file object starts, after ours.
constexpr std::size_t kRealOffset = (sizeof(File) + 15) & ~std::size_t{15};
sqlite3_file* real_of(File& f) { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(&f) + kRealOffset); }

File& as_file(sqlite3_file* f) { return *reinterpret_cast<File*>(f); }
sqlite3_file* real(sqlite3_file* f) { return real_of(as_file(f)); }

int flush(File& f) {
  sqlite3_file* r = real_of(f);
  for (std::size_t done = 0; done < f.pending.size(); done += kMaxWrite) {
    const std::size_t n = std::min(kMaxWrite, f.pending.size() - done);
    const int rc = r->pMethods->xWrite(r, f.pending.data() + done, static_cast<int>(n),
                                       f.pending_at + static_cast<sqlite3_int64>(done));
    if (rc != SQLITE_OK) {  // keep what is left, so that a retry writes it where it belongs
      f.pending.erase(f.pending.begin(), f.pending.begin() + static_cast<std::ptrdiff_t>(done));
      f.pending_at += static_cast<sqlite3_int64>(done);
      return rc;
    }
  }
  f.pending.clear();
  return SQLITE_OK;
}

int flush_wal(sqlite3_file* f) { return as_file(f).is_wal ? flush(as_file(f)) : SQLITE_OK; }

int x_close(sqlite3_file* f) {
  File& file = as_file(f);
  const int flushed = flush(file);
  if (file.main) file.main->wal = nullptr;
  if (file.wal) file.wal->main = nullptr;
  sqlite3_file* r = real_of(file);
  const int closed = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
  file.~File();
  return flushed != SQLITE_OK ? flushed : closed;
}

int x_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  if (int rc = flush_wal(f); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xRead(real(f), out, amount, offset);
}

int x_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  File& file = as_file(f);
  if (!file.is_wal) return real(f)->pMethods->xWrite(real(f), data, amount, offset);
  if (!file.pending.empty() && offset != file.pending_at + static_cast<sqlite3_int64>(file.pending.size()))
    if (int rc = flush(file); rc != SQLITE_OK) return rc;
  if (file.pending.empty()) file.pending_at = offset;
  const char* bytes = static_cast<const char*>(data);
  file.pending.insert(file.pending.end(), bytes, bytes + amount);
  return file.pending.size() >= kFlushAt ? flush(file) : SQLITE_OK;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = flush_wal(f); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xTruncate(real(f), size);
}

int x_sync(sqlite3_file* f, int flags) {
  if (int rc = flush_wal(f); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xSync(real(f), flags);
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  if (int rc = flush_wal(f); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xFileSize(real(f), size);
}

int x_lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int x_unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int x_check_reserved_lock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device_characteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }

int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  if (real(f)->pMethods->iVersion < 2) return SQLITE_IOERR_SHMMAP;
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  if (real(f)->pMethods->iVersion < 2) return SQLITE_IOERR_SHMLOCK;
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
// SQLite calls this between writing the two copies of the WAL-index header, i.e. just before other connections
// can see the frames the header names: they must be in the file by then.
void x_shm_barrier(sqlite3_file* f) {
  if (File* wal = as_file(f).wal; wal && flush(*wal) != SQLITE_OK) {
    // Only reachable with synchronous below FULL (a commit's sync flushes first) and a failing disk: publishing
    // frames that are not in the file would hand readers pages that do not exist. Stop instead.
    std::fputs("callsign: cannot write the SQLite WAL before publishing a commit; stopping\n", stderr);
    std::abort();
  }
  if (real(f)->pMethods->iVersion >= 2) real(f)->pMethods->xShmBarrier(real(f));
}
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  if (real(f)->pMethods->iVersion < 2) return SQLITE_OK;
  return real(f)->pMethods->xShmUnmap(real(f), delete_flag);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  if (real(f)->pMethods->iVersion < 3) {
    *out = nullptr;
    return SQLITE_OK;
  }
  return real(f)->pMethods->xFetch(real(f), offset, amount, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
  if (real(f)->pMethods->iVersion < 3) return SQLITE_OK;
  return real(f)->pMethods->xUnfetch(real(f), offset, page);
}

const sqlite3_io_methods kMethods = {
    3,           x_close,     x_read,        x_write,       x_truncate,  x_sync,       x_file_size,
    x_lock,      x_unlock,    x_check_reserved_lock, x_file_control, x_sector_size, x_device_characteristics,
    x_shm_map,   x_shm_lock,  x_shm_barrier, x_shm_unmap,   x_fetch,     x_unfetch,
};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  File* file = new (f) File{};
  sqlite3_file* r = real_of(*file);
  r->pMethods = nullptr;
  const int rc = g_base->xOpen(g_base, name, r, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (r->pMethods) r->pMethods->xClose(r);  // SQLite's contract: a set pMethods is closed even on failure
    file->~File();
    f->pMethods = nullptr;
    return rc;
  }
  file->base.pMethods = &kMethods;
  file->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  if (file->is_wal && name) {
    sqlite3_file* main = sqlite3_database_file_object(name);
    if (main && main->pMethods == &kMethods) {
      file->main = &as_file(main);
      file->main->wal = file;
    }
  }
  return SQLITE_OK;
}

// The rest of the VFS is the default one's.
int x_delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_base->xDelete(g_base, name, sync_dir); }
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) { return g_base->xAccess(g_base, name, flags, out); }
int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_base->xFullPathname(g_base, name, n, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return g_base->xDlOpen(g_base, name); }
void x_dl_error(sqlite3_vfs*, int n, char* out) { g_base->xDlError(g_base, n, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) { return g_base->xDlSym(g_base, handle, symbol); }
void x_dl_close(sqlite3_vfs*, void* handle) { g_base->xDlClose(g_base, handle); }
int x_randomness(sqlite3_vfs*, int n, char* out) { return g_base->xRandomness(g_base, n, out); }
int x_sleep(sqlite3_vfs*, int micros) { return g_base->xSleep(g_base, micros); }
int x_current_time(sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); }
int x_get_last_error(sqlite3_vfs*, int n, char* out) { return g_base->xGetLastError(g_base, n, out); }
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return g_base->xCurrentTimeInt64(g_base, out); }

sqlite3_vfs g_vfs{};

void register_vfs() {
  g_base = sqlite3_vfs_find(nullptr);
  if (!g_base || g_base->iVersion < 2) return;
  g_vfs.iVersion = 2;
  g_vfs.szOsFile = static_cast<int>(kRealOffset) + g_base->szOsFile;
  g_vfs.mxPathname = g_base->mxPathname;
  g_vfs.zName = kVfsName;
  g_vfs.xOpen = x_open;
  g_vfs.xDelete = x_delete;
  g_vfs.xAccess = x_access;
  g_vfs.xFullPathname = x_full_pathname;
  g_vfs.xDlOpen = x_dl_open;
  g_vfs.xDlError = x_dl_error;
  g_vfs.xDlSym = x_dl_sym;
  g_vfs.xDlClose = x_dl_close;
  g_vfs.xRandomness = x_randomness;
  g_vfs.xSleep = x_sleep;
  g_vfs.xCurrentTime = x_current_time;
  g_vfs.xGetLastError = x_get_last_error;
  g_vfs.xCurrentTimeInt64 = x_current_time_int64;
  if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK) g_base = nullptr;
}

}  // namespace

const char* wal_write_buffer_vfs() {
  static std::once_flag once;
  std::call_once(once, register_vfs);
  return g_base ? kVfsName : nullptr;
}

}  // namespace callsign::storage::sqlite
