"""Page capture: one interface (:mod:`.base`) over files, a scan folder, a camera and scanners."""
