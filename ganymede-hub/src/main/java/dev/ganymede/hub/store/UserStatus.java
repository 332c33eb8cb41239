package dev.ganymede.hub.store;

/** Whether an account may sign in. */
public enum UserStatus {
  ACTIVE,
  PENDING
}
