#!/usr/bin/env python3
"""Runs a command without root's file-access override, so a mode-000 file is really unreadable: as root it
drops to nobody (65534) first; as any other user it just runs the command. Usage: unprivileged.py CMD..."""
import os
import sys

if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
os.execvp(sys.argv[1], sys.argv[1:])
