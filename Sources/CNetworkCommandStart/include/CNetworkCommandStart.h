// Nothing to call: the target's constructor runs before main (see CNetworkCommandStart.c).
