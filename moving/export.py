from datarights.registry import export

# What was imported and when (counts and reasons), never the file itself.
export("imports", "moving.ImportRun", owner="owner", omit=("file_sha256",))
