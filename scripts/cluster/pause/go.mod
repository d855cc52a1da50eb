module judix.dev/scripts/cluster/pause

go 1.24.0
