#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for the farm tests: slurmctld and slurmd on this host,
# munge for authentication, proctrack/linuxproc and task/none (no cgroups needed). Run as root.
#   .ci/slurm-cluster.sh start   installs slurm-wlm and munge if missing, writes the config, starts the daemons
#   .ci/slurm-cluster.sh stop    stops the daemons this script started
# A machine whose Slurm already answers (sinfo works) is left alone: start says so and does nothing.
set -euo pipefail
state=/run/cinegraph-slurm
conf=/etc/slurm/slurm.conf
marker="# written by cinegraph .ci/slurm-cluster.sh"

start() {
  if command -v sinfo >/dev/null && timeout 10 sinfo -h >/dev/null 2>&1; then
    echo "slurm-cluster: a Slurm controller already answers; using it"
    return 0
  fi
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
  fi
  if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    echo "slurm-cluster: $conf belongs to someone else and its controller does not answer; not touching it" >&2
    return 1
  fi
  host=$(hostname -s)
  mkdir -p "$state" /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/lib/munge /var/log/munge /etc/munge
  # munge: a key of its own when the package did not make one, daemon as the munge user
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
  fi
  chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge /etc/munge
  chmod 0400 /etc/munge/munge.key
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  if ! pgrep -u munge -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged
    echo munged >> "$state/started"
  fi
  # the node as slurmd sees it (CPUs, memory), reached on the loopback whatever the host name resolves to
  node=$(slurmd -C | head -1 | sed -E 's/ UpTime=.*//')
  cat > "$conf" <<CONF
$marker
ClusterName=cinegraph
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
KillWait=30
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  pgrep -x slurmctld >/dev/null || { slurmctld; echo slurmctld >> "$state/started"; }
  pgrep -x slurmd >/dev/null || { slurmd; echo slurmd >> "$state/started"; }
  for _ in $(seq 1 30); do
    st=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    case "$st" in
      idle*|mixed*|allocated*) echo "slurm-cluster: node $host is $st"; return 0 ;;
      down*|drain*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
    esac
    sleep 1
  done
  echo "slurm-cluster: the node did not come up; see /var/log/slurm" >&2
  return 1
}

stop() {
  [ -f "$state/started" ] || return 0
  if grep -qx slurmctld "$state/started" || grep -qx slurmd "$state/started"; then
    scontrol shutdown >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || break; sleep 0.5; done
  fi
  if grep -qx munged "$state/started" && [ -f /run/munge/munged.pid ]; then
    kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
  fi
  rm -f "$state/started"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
