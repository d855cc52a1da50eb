// The API's limits for a task, in one place for every form and check of the web app.
export const TASK_LIMITS = {
  title: 200,
  description: 5000,
  tags: 20,
  tag: 32,
} as const;
