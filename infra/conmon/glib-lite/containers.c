/*
 * glib-lite: GPtrArray and GHashTable, as GLib has them (a chained list for the table: conmon keeps a few pids).
 * A NULL array or table is ignored, as GLib's g_return_if_fail does (conmon passes one: conn_sock.c's readers).
 */
#include "glib.h"
#include "lite-internal.h"

#include <string.h>

GPtrArray *g_ptr_array_new(void)
{
	return g_ptr_array_new_with_free_func(NULL);
}

GPtrArray *g_ptr_array_new_with_free_func(GDestroyNotify element_free_func)
{
	GPtrArray *array = g_new0(GPtrArray, 1);
	array->g_lite_free_func = element_free_func;
	return array;
}

void g_ptr_array_add(GPtrArray *array, gpointer data)
{
	if (array == NULL)
		return;
	if (array->len + 1 >= array->g_lite_allocated) {
		guint wanted = array->g_lite_allocated < 8 ? 8 : array->g_lite_allocated * 2;
		gpointer *grown = realloc(array->pdata, wanted * sizeof(gpointer));
		if (grown == NULL)
			g_lite_out_of_memory(wanted * sizeof(gpointer));
		array->pdata = grown;
		array->g_lite_allocated = wanted;
	}
	array->pdata[array->len++] = data;
	array->pdata[array->len] = NULL;
}

/* Removes the first occurrence, keeps the order of the rest and frees it with the array's free function. */
gboolean g_ptr_array_remove(GPtrArray *array, gpointer data)
{
	if (array == NULL)
		return FALSE;
	for (guint i = 0; i < array->len; i++) {
		if (array->pdata[i] != data)
			continue;
		memmove(&array->pdata[i], &array->pdata[i + 1], (array->len - i - 1) * sizeof(gpointer));
		array->len--;
		array->pdata[array->len] = NULL;
		if (array->g_lite_free_func != NULL)
			array->g_lite_free_func(data);
		return TRUE;
	}
	return FALSE;
}

void g_ptr_array_foreach(GPtrArray *array, GFunc func, gpointer user_data)
{
	if (array == NULL)
		return;
	for (guint i = 0; i < array->len; i++)
		func(array->pdata[i], user_data);
}

gpointer *g_ptr_array_free(GPtrArray *array, gboolean free_segment)
{
	if (array == NULL)
		return NULL;
	gpointer *segment = array->pdata;
	if (free_segment) {
		if (array->g_lite_free_func != NULL)
			for (guint i = 0; i < array->len; i++)
				array->g_lite_free_func(array->pdata[i]);
		free(segment);
		segment = NULL;
	} else if (segment == NULL) {
		segment = g_new0(gpointer, 1);
	}
	free(array);
	return segment;
}

typedef struct HashEntry {
	gpointer key;
	gpointer value;
	struct HashEntry *next;
} HashEntry;

struct GHashTable {
	GHashFunc hash;
	GEqualFunc equal;
	GDestroyNotify key_destroy;
	GDestroyNotify value_destroy;
	HashEntry *entries;
};

GHashTable *g_hash_table_new(GHashFunc hash_func, GEqualFunc key_equal_func)
{
	return g_hash_table_new_full(hash_func, key_equal_func, NULL, NULL);
}

GHashTable *g_hash_table_new_full(GHashFunc hash_func, GEqualFunc key_equal_func, GDestroyNotify key_destroy_func,
				  GDestroyNotify value_destroy_func)
{
	GHashTable *table = g_new0(GHashTable, 1);
	table->hash = hash_func;
	table->equal = key_equal_func;
	table->key_destroy = key_destroy_func;
	table->value_destroy = value_destroy_func;
	return table;
}

static HashEntry *find_entry(GHashTable *table, gconstpointer key)
{
	for (HashEntry *e = table->entries; e != NULL; e = e->next)
		if (table->equal != NULL ? table->equal(e->key, key) : e->key == key)
			return e;
	return NULL;
}

/* As GLib's: a key already there keeps its old key (the new one is destroyed) and gets the new value. */
gboolean g_hash_table_insert(GHashTable *hash_table, gpointer key, gpointer value)
{
	if (hash_table == NULL)
		return FALSE;
	HashEntry *e = find_entry(hash_table, key);
	if (e != NULL) {
		if (hash_table->key_destroy != NULL)
			hash_table->key_destroy(key);
		if (hash_table->value_destroy != NULL)
			hash_table->value_destroy(e->value);
		e->value = value;
		return FALSE;
	}
	e = g_new0(HashEntry, 1);
	e->key = key;
	e->value = value;
	e->next = hash_table->entries;
	hash_table->entries = e;
	return TRUE;
}

gpointer g_hash_table_lookup(GHashTable *hash_table, gconstpointer key)
{
	if (hash_table == NULL)
		return NULL;
	HashEntry *e = find_entry(hash_table, key);
	return e != NULL ? e->value : NULL;
}

void g_hash_table_destroy(GHashTable *hash_table)
{
	if (hash_table == NULL)
		return;
	HashEntry *e = hash_table->entries;
	while (e != NULL) {
		HashEntry *next = e->next;
		if (hash_table->key_destroy != NULL)
			hash_table->key_destroy(e->key);
		if (hash_table->value_destroy != NULL)
			hash_table->value_destroy(e->value);
		free(e);
		e = next;
	}
	free(hash_table);
}

void g_hash_table_iter_init(GHashTableIter *iter, GHashTable *hash_table)
{
	iter->g_lite_table = hash_table;
	iter->g_lite_next = hash_table != NULL ? hash_table->entries : NULL;
}

gboolean g_hash_table_iter_next(GHashTableIter *iter, gpointer *key, gpointer *value)
{
	HashEntry *e = iter->g_lite_next;
	if (e == NULL)
		return FALSE;
	iter->g_lite_next = e->next;
	if (key != NULL)
		*key = e->key;
	if (value != NULL)
		*value = e->value;
	return TRUE;
}

guint g_int_hash(gconstpointer v)
{
	return (guint) * (const gint *)v;
}

gboolean g_int_equal(gconstpointer v1, gconstpointer v2)
{
	return *(const gint *)v1 == *(const gint *)v2;
}
