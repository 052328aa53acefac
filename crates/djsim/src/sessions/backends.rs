//! The storage the non-database session engines use: Django's local-memory cache
//! (`django.core.cache.backends.locmem.LocMemCache`) and, for the `file` engine,
//! a small in-memory file system (the page has no disk). OWNER: server.

use super::base::SessionData;
use crate::time::SimTime;

/// One cache entry: the (pickled, so copied) value and its expiry (`None`: never).
#[derive(Clone, Debug, PartialEq)]
pub struct CacheEntry {
    pub key: String,
    pub value: SessionData,
    pub expires: Option<SimTime>,
}

/// `LocMemCache` with `MAX_ENTRIES` / `CULL_FREQUENCY`. Entries are kept most
/// recently used first, as Django's `OrderedDict` with `move_to_end(key, last=False)`.
#[derive(Clone, Debug, PartialEq)]
pub struct LocMemCache {
    entries: Vec<CacheEntry>,
    pub max_entries: usize,
    pub cull_frequency: usize,
}

impl Default for LocMemCache {
    fn default() -> Self {
        LocMemCache { entries: Vec::new(), max_entries: 300, cull_frequency: 3 }
    }
}

impl LocMemCache {
    /// `make_key(key)`: `KEY_PREFIX:VERSION:key` with Django's defaults.
    pub fn make_key(key: &str) -> String {
        format!(":1:{key}")
    }

    /// All entries, most recently used first (expired ones included).
    pub fn entries(&self) -> &[CacheEntry] {
        &self.entries
    }

    /// `cache.get(key)`: an expired entry is deleted and misses.
    pub fn get(&mut self, key: &str, now: SimTime) -> Option<SessionData> {
        let k = Self::make_key(key);
        let i = self.entries.iter().position(|e| e.key == k)?;
        if Self::expired(&self.entries[i], now) {
            self.entries.remove(i);
            return None;
        }
        let e = self.entries.remove(i);
        let v = e.value.clone();
        self.entries.insert(0, e);
        Some(v)
    }

    /// `cache.set(key, value, timeout)` (seconds; `0` and negatives expire at once).
    pub fn set(&mut self, key: &str, value: SessionData, timeout: f64, now: SimTime) {
        let k = Self::make_key(key);
        self.entries.retain(|e| e.key != k);
        self.set_raw(k, value, timeout, now);
    }

    /// `cache.add(key, value, timeout)`: only when the key is absent or expired.
    pub fn add(&mut self, key: &str, value: SessionData, timeout: f64, now: SimTime) -> bool {
        let k = Self::make_key(key);
        match self.entries.iter().position(|e| e.key == k) {
            Some(i) if !Self::expired(&self.entries[i], now) => false,
            Some(i) => {
                self.entries.remove(i);
                self.set_raw(k, value, timeout, now);
                true
            }
            None => {
                self.set_raw(k, value, timeout, now);
                true
            }
        }
    }

    /// `key in cache` (`has_key`): an expired entry is deleted.
    pub fn contains(&mut self, key: &str, now: SimTime) -> bool {
        let k = Self::make_key(key);
        match self.entries.iter().position(|e| e.key == k) {
            Some(i) if Self::expired(&self.entries[i], now) => {
                self.entries.remove(i);
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    pub fn delete(&mut self, key: &str) -> bool {
        let k = Self::make_key(key);
        let before = self.entries.len();
        self.entries.retain(|e| e.key != k);
        before != self.entries.len()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    fn expired(e: &CacheEntry, now: SimTime) -> bool {
        // `exp is not None and exp <= time.time()`
        matches!(e.expires, Some(t) if t <= now)
    }

    fn set_raw(&mut self, k: String, value: SessionData, timeout: f64, now: SimTime) {
        // "if len(self._cache) >= self._max_entries: self._cull()"
        if self.entries.len() >= self.max_entries {
            match self.entries.len().checked_div(self.cull_frequency) {
                // "if self._cull_frequency == 0: self._cache.clear()"
                None => self.entries.clear(),
                // "count = len(self._cache) // self._cull_frequency; popitem()" pops
                // the least recently used entries.
                Some(count) => {
                    for _ in 0..count {
                        self.entries.pop();
                    }
                }
            }
        }
        // get_backend_timeout: "elif timeout == 0: timeout = -1"
        let timeout = if timeout == 0.0 { -1.0 } else { timeout };
        let expires = Some(now.plus_micros((timeout * 1e6) as i64));
        self.entries.insert(0, CacheEntry { key: k, value, expires });
    }
}

/// One file of the in-memory file system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimFile {
    pub path: String,
    pub content: String,
    /// `os.stat(path).st_mtime`.
    pub mtime: SimTime,
}

/// The directories and files the `file` session engine sees (in creation order,
/// which is what `os.listdir` gives here).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FileStore {
    pub files: Vec<SimFile>,
}

impl FileStore {
    pub fn read(&self, path: &str) -> Option<&SimFile> {
        self.files.iter().find(|f| f.path == path)
    }
    pub fn exists(&self, path: &str) -> bool {
        self.read(path).is_some()
    }
    /// `os.open(path, O_CREAT | O_EXCL)`: false when it exists.
    pub fn create_exclusive(&mut self, path: &str, now: SimTime) -> bool {
        if self.exists(path) {
            return false;
        }
        self.files.push(SimFile { path: path.to_string(), content: String::new(), mtime: now });
        true
    }
    /// Writes (replacing) the file; `shutil.move` of the temporary file.
    pub fn write(&mut self, path: &str, content: String, now: SimTime) {
        match self.files.iter_mut().find(|f| f.path == path) {
            Some(f) => {
                f.content = content;
                f.mtime = now;
            }
            None => self.files.push(SimFile { path: path.to_string(), content, mtime: now }),
        }
    }
    pub fn unlink(&mut self, path: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.path != path);
        before != self.files.len()
    }
    /// `os.listdir(dir)`: the names of the files directly in `dir`.
    pub fn listdir(&self, dir: &str) -> Vec<String> {
        let prefix = if dir.ends_with('/') { dir.to_string() } else { format!("{dir}/") };
        self.files
            .iter()
            .filter_map(|f| f.path.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('/'))
            .map(str::to_string)
            .collect()
    }
}

/// `os.path.join(dir, name)`.
pub fn path_join(dir: &str, name: &str) -> String {
    if name.starts_with('/') {
        name.to_string()
    } else if dir.ends_with('/') || dir.is_empty() {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}
