DROP INDEX comments_task;
DROP TABLE comments;
